namespace DxTrack.Bench.Load;

/// <summary>
/// Steps a fixed rate up until a step no longer holds the bar, and reports the highest rate that held
/// ("max sustainable rate"). Every step is kept so the report can show the whole curve.
/// </summary>
public static class RateLadder
{
    public sealed record Outcome(double? HighestHolding, IReadOnlyList<LoadResult> Steps);

    public static async Task<Outcome> ClimbAsync(IEnumerable<double> rates, Func<double, Task<LoadResult>> runStep,
        Func<LoadResult, bool> holds, Action<LoadResult>? onStep = null)
    {
        var steps = new List<LoadResult>();
        double? best = null;
        foreach (var rate in rates)
        {
            var result = await runStep(rate);
            steps.Add(result);
            onStep?.Invoke(result);
            if (!holds(result)) break;
            best = rate;
        }
        return new Outcome(best, steps);
    }

    /// <summary>Rates from <paramref name="first"/> growing by <paramref name="factor"/> up to <paramref name="max"/>, rounded to 10/s.</summary>
    public static IEnumerable<double> Geometric(double first, double factor, double max)
    {
        for (var rate = first; rate <= max * 1.0001; rate *= factor)
            yield return Math.Round(rate / 10) * 10;
    }
}
