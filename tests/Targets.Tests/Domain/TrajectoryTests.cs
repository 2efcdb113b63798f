using System.ComponentModel.DataAnnotations;
using DxTrack.Contracts;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Tests.Domain;

public sealed class TrajectoryTests
{
    static readonly DashboardOptions Defaults = new();

    // From 20 % on 1 January 2023 to 100 % on 31 December 2023 (364 days).
    static readonly Trajectory Line = new(20, new DateOnly(2023, 1, 1), 100, new DateOnly(2023, 12, 31), Direction.Increase, Measure.Ratio);

    [Fact]
    public void The_expected_value_lies_on_the_straight_line_from_baseline_to_target_and_stays_at_the_ends_outside_it()
    {
        Assert.Equal(20m, Line.ExpectedOn(new DateOnly(2022, 6, 1)));
        Assert.Equal(20m, Line.ExpectedOn(new DateOnly(2023, 1, 1)));
        Assert.Equal(60m, Line.ExpectedOn(new DateOnly(2023, 7, 2))); // day 182 of 364: half-way
        Assert.Equal(100m, Line.ExpectedOn(new DateOnly(2023, 12, 31)));
        Assert.Equal(100m, Line.ExpectedOn(new DateOnly(2026, 11, 26)));
    }

    [Theory]
    [InlineData(56, IndicatorStatus.OnTrack)]   // progress (56-20)/(60-20) = 0.9: the default on-track threshold
    [InlineData(55.9, IndicatorStatus.AtRisk)]
    [InlineData(48, IndicatorStatus.AtRisk)]    // 0.7: the default at-risk threshold
    [InlineData(47.9, IndicatorStatus.OffTrack)]
    [InlineData(75, IndicatorStatus.OnTrack)]   // ahead of the line
    public void Status_is_the_share_of_the_planned_progress_achieved_against_the_default_thresholds(decimal value, IndicatorStatus expected) =>
        Assert.Equal(expected, Line.Rate(value, new DateOnly(2023, 7, 2), Defaults));

    [Fact]
    public void The_thresholds_come_from_configuration()
    {
        var lenient = new DashboardOptions { OnTrackFrom = 0.5m, AtRiskFrom = 0.25m };
        Assert.Equal(IndicatorStatus.OnTrack, Line.Rate(40, new DateOnly(2023, 7, 2), lenient)); // progress 0.5
        Assert.Equal(IndicatorStatus.OffTrack, Line.Rate(40, new DateOnly(2023, 7, 2), Defaults));
    }

    [Fact]
    public void No_value_is_no_data() => Assert.Equal(IndicatorStatus.NoData, Line.Rate(null, new DateOnly(2023, 7, 2), Defaults));

    [Theory]
    [InlineData(12, IndicatorStatus.OnTrack)]  // line from 20 down to 10: half-way is 15, 12 is ahead
    [InlineData(15.5, IndicatorStatus.OnTrack)] // progress 0.9
    [InlineData(16, IndicatorStatus.AtRisk)]    // 0.8
    [InlineData(18, IndicatorStatus.OffTrack)]  // 0.4
    public void A_decreasing_target_is_judged_from_the_other_side(decimal value, IndicatorStatus expected)
    {
        var line = new Trajectory(20, new DateOnly(2023, 1, 1), 10, new DateOnly(2023, 12, 31), Direction.Decrease, Measure.Count);
        Assert.Equal(expected, line.Rate(value, new DateOnly(2023, 7, 2), Defaults));
    }

    [Fact]
    public void A_milestone_is_on_track_until_its_date_and_off_track_after_it_unless_done()
    {
        var milestone = new Trajectory(0, new DateOnly(2023, 1, 1), 1, new DateOnly(2023, 6, 30), Direction.Increase, Measure.Milestone);
        Assert.Equal(IndicatorStatus.OnTrack, milestone.Rate(0, new DateOnly(2023, 5, 1), Defaults));
        Assert.Equal(IndicatorStatus.OffTrack, milestone.Rate(0, new DateOnly(2023, 7, 1), Defaults));
        Assert.Equal(IndicatorStatus.OnTrack, milestone.Rate(1, new DateOnly(2023, 7, 1), Defaults));
    }

    [Fact]
    public void Thresholds_out_of_order_are_refused_at_start()
    {
        var options = new DashboardOptions { OnTrackFrom = 0.6m, AtRiskFrom = 0.8m };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(DashboardOptions.AtRiskFrom)));
    }
}
