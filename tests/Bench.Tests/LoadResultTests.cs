using DxTrack.Bench.Load;

namespace DxTrack.Bench.Tests;

public sealed class LoadResultTests
{
    static LoadResult Result(double target, double achieved, double p99, long ok = 1000, long failed = 0) =>
        new(target, achieved, 10, ok, failed, new LatencyStats(ok, 1, 2, p99, p99 * 2), new Dictionary<string, long>());

    [Theory]
    [InlineData(1000, 1000, 249, 0, true)]
    [InlineData(1000, 1000, 250, 0, false)]   // the bar is p99 strictly under the limit
    [InlineData(1000, 940, 100, 0, false)]    // answers fell behind the asked rate
    [InlineData(1000, 960, 100, 10, true)]    // 1% failures is still tolerated
    [InlineData(1000, 960, 100, 11, false)]
    public void A_step_holds_only_with_p99_under_the_limit_the_rate_achieved_and_few_failures(
        double target, double achieved, double p99, long failed, bool holds)
    {
        Assert.Equal(holds, Result(target, achieved, p99, 1000, failed).Holds(250));
    }

    [Theory]
    [InlineData(10, true)]     // "≤ 10 ms": exactly the limit holds
    [InlineData(10.01, false)]
    public void A_bar_written_at_most_holds_at_the_limit_itself(double p99, bool holds)
    {
        Assert.Equal(holds, Result(100, 100, p99).Holds(10, orEqual: true));
        Assert.False(Result(100, 100, p99).Holds(10));
    }

    [Fact]
    public async Task The_ladder_reports_the_highest_rate_that_held_and_stops_at_the_first_that_did_not()
    {
        var asked = new List<double>();
        var outcome = await RateLadder.ClimbAsync([100, 200, 400, 800, 1600], rate =>
        {
            asked.Add(rate);
            return Task.FromResult(Result(rate, rate, rate >= 800 ? 300 : 20));
        }, step => step.Holds(250));

        Assert.Equal(400, outcome.HighestHolding);
        Assert.Equal([100, 200, 400, 800], asked);
        Assert.Equal(4, outcome.Steps.Count);
    }

    [Fact]
    public async Task A_ladder_whose_first_step_fails_holds_nothing()
    {
        var outcome = await RateLadder.ClimbAsync([100, 200], rate => Task.FromResult(Result(rate, rate, 900)), step => step.Holds(250));

        Assert.Null(outcome.HighestHolding);
        Assert.Single(outcome.Steps);
    }

    [Fact]
    public void Geometric_rates_grow_by_the_factor_and_are_rounded_to_tens()
    {
        Assert.Equal([250, 380, 560, 840], RateLadder.Geometric(250, 1.5, 1000).ToList());
    }
}
