using DxTrack.Bench.Load;
using DxTrack.Bench.Scenarios;

namespace DxTrack.Bench.Tests;

/// <summary>The cached dashboard read's note says up to which fixed rate its p99 stayed within 10 ms.</summary>
public sealed class CachedTailTests
{
    static LoadResult Step(double rate, double p99, double? achieved = null) =>
        new(rate, achieved ?? rate, 15, 1000, 0, new LatencyStats(1000, 1, 2, p99, p99 * 2), new Dictionary<string, long>());

    [Fact]
    public void The_note_names_the_highest_rate_that_held_and_the_step_that_did_not()
    {
        var note = ReadScenarios.HeldUpTo(new RateLadder.Outcome(200, [Step(100, 4), Step(200, 8), Step(400, 37, 390)]));

        Assert.Equal("p99 ≤ 10 ms held up to 200/s (400/s: p99 37 ms, achieved 390/s).", note);
    }

    [Fact]
    public void When_every_step_held_the_note_names_the_last()
    {
        Assert.Equal("p99 ≤ 10 ms held up to 800/s.",
            ReadScenarios.HeldUpTo(new RateLadder.Outcome(800, [Step(100, 3), Step(200, 3), Step(400, 5), Step(800, 9)])));
    }

    [Fact]
    public void When_the_first_step_failed_the_note_says_no_rate_held()
    {
        Assert.Equal("p99 ≤ 10 ms held at no rate from 100/s (100/s: p99 120 ms, achieved 100/s).",
            ReadScenarios.HeldUpTo(new RateLadder.Outcome(null, [Step(100, 120)])));
    }

    [Fact]
    public void The_step_that_did_not_hold_says_how_late_the_driver_itself_sent()
    {
        var late = Step(100, 21.8) with { SendLateness = new LatencyStats(1500, 0.1, 0.4, 12.5, 30) };

        Assert.Equal("p99 ≤ 10 ms held at no rate from 100/s (100/s: p99 21.8 ms, achieved 100/s; of that, the driver's own lateness in sending: p99 12.5 ms).",
            ReadScenarios.HeldUpTo(new RateLadder.Outcome(null, [late])));
    }

    [Fact]
    public void A_step_at_exactly_10_ms_holds_the_cached_bar()
    {
        Assert.True(ReadScenarios.HoldsCachedBar(Step(100, 10)));
        Assert.False(ReadScenarios.HoldsCachedBar(Step(100, 10.1)));
    }

    [Fact]
    public void Without_steps_there_is_nothing_to_say()
    {
        Assert.Equal("", ReadScenarios.HeldUpTo(new RateLadder.Outcome(null, [])));
    }
}
