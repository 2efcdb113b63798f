namespace DxTrack.Bench.Load;

/// <summary>Latency percentiles of one run, in milliseconds, by the nearest-rank method (no interpolation).</summary>
public sealed record LatencyStats(long Count, double P50, double P90, double P99, double Max)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0);

    /// <summary>Percentiles of the given latencies (milliseconds); the input is sorted in place.</summary>
    public static LatencyStats From(List<double> millis)
    {
        if (millis.Count == 0) return Empty;
        millis.Sort();
        return new LatencyStats(millis.Count, Rank(millis, 50), Rank(millis, 90), Rank(millis, 99), millis[^1]);
    }

    /// <summary>The smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static double Rank(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
