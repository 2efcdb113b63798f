using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Tests.Domain;

public sealed class RagTests
{
    [Theory]
    [InlineData(100, Rag.Green)]
    [InlineData(80, Rag.Amber)]
    [InlineData(79.99, Rag.Red)]
    public void An_increasing_target_is_green_when_reached_and_amber_from_80_percent_of_it(decimal value, Rag expected) =>
        Assert.Equal(expected, RagRating.Rate(value, 100, Direction.Increase));

    [Theory]
    [InlineData(10, Rag.Green)]
    [InlineData(12.5, Rag.Amber)]
    [InlineData(13, Rag.Red)]
    public void A_decreasing_target_is_green_at_or_below_it(decimal value, Rag expected) =>
        Assert.Equal(expected, RagRating.Rate(value, 10, Direction.Decrease));

    [Fact]
    public void No_value_is_grey() => Assert.Equal(Rag.Grey, RagRating.Rate(null, 100, Direction.Increase));
}
