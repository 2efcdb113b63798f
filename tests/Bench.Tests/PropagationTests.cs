using DxTrack.Bench.Load;

namespace DxTrack.Bench.Tests;

public sealed class PropagationTests
{
    [Fact]
    public void The_kth_accepted_item_is_visible_at_the_first_later_poll_counting_k_items()
    {
        double[] accepted = [100, 110, 120];
        (double, long)[] polls = [(105, 0), (150, 1), (200, 3)];

        var delays = Propagation.Delays(accepted, polls, out var unseen);

        Assert.Equal([50, 90, 80], delays);
        Assert.Equal(0, unseen);
    }

    [Fact]
    public void A_poll_before_the_acceptance_does_not_count_even_if_its_count_is_high_enough()
    {
        var delays = Propagation.Delays([100], [(90, 1), (130, 1)], out _);

        Assert.Equal([30], delays);
    }

    [Fact]
    public void Items_never_counted_are_reported_as_unseen()
    {
        var delays = Propagation.Delays([10, 20, 30], [(50, 1)], out var unseen);

        Assert.Equal([40], delays);
        Assert.Equal(2, unseen);
    }
}
