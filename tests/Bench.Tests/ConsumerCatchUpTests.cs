using DxTrack.Bench.Load;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Bench.Tests;

/// <summary>A step counts only once both consuming services applied every event it caused.</summary>
public sealed class ConsumerCatchUpTests
{
    [Fact]
    public async Task It_waits_until_every_count_reaches_its_target_and_says_how_long_that_took()
    {
        var time = new FakeTimeProvider();
        var reads = 0;
        // Targets is there at the third read, Notifications at the fifth.
        Task<long[]> Counts(CancellationToken _)
        {
            reads++;
            return Task.FromResult<long[]>([reads >= 3 ? 100 : 90, reads >= 5 ? 100 : 99]);
        }

        var waiting = ConsumerCatchUp.WaitAsync(Counts, [100, 100], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), time,
            TestContext.Current.CancellationToken);
        while (!waiting.IsCompleted) { await Task.Yield(); time.Advance(TimeSpan.FromSeconds(1)); }

        Assert.Equal(TimeSpan.FromSeconds(4), await waiting);
        Assert.Equal(5, reads);
    }

    [Fact]
    public async Task A_consumer_that_stays_behind_past_the_limit_is_reported_as_not_caught_up()
    {
        var time = new FakeTimeProvider();
        var waiting = ConsumerCatchUp.WaitAsync(_ => Task.FromResult<long[]>([100, 99]), [100, 100],
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), time, TestContext.Current.CancellationToken);
        while (!waiting.IsCompleted) { await Task.Yield(); time.Advance(TimeSpan.FromSeconds(1)); }

        Assert.Null(await waiting);
    }
}
