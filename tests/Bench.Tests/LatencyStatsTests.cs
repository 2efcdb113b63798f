using DxTrack.Bench.Load;

namespace DxTrack.Bench.Tests;

public sealed class LatencyStatsTests
{
    [Fact]
    public void Percentiles_are_the_nearest_rank_of_the_sorted_latencies()
    {
        var millis = Enumerable.Range(1, 100).Select(i => (double)(101 - i)).ToList(); // 100 … 1, unsorted

        var stats = LatencyStats.From(millis);

        Assert.Equal(100, stats.Count);
        Assert.Equal(50, stats.P50);
        Assert.Equal(90, stats.P90);
        Assert.Equal(99, stats.P99);
        Assert.Equal(100, stats.Max);
    }

    [Fact]
    public void One_slow_request_in_a_hundred_is_the_p99_and_the_max_but_not_the_p90()
    {
        var millis = Enumerable.Repeat(2.0, 99).Append(900).ToList();

        var stats = LatencyStats.From(millis);

        Assert.Equal(2, stats.P90);
        Assert.Equal(2, stats.P99);
        Assert.Equal(900, stats.Max);
        Assert.Equal(900, LatencyStats.From(Enumerable.Repeat(2.0, 98).Append(900).Append(900).ToList()).P99);
    }

    [Fact]
    public void No_latencies_give_zeroes_not_an_error()
    {
        Assert.Equal(LatencyStats.Empty, LatencyStats.From([]));
    }
}
