using DxTrack.Contracts;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// The straight line from an indicator's baseline to its target, and the status of a value measured against it.
/// </summary>
public readonly record struct Trajectory(decimal Baseline, DateOnly From, decimal Target, DateOnly To, Direction Direction, Measure Measure)
{
    public static Trajectory Of(Indicator indicator, DateOnly planStart) => new(
        indicator.Measure == Measure.Milestone ? 0
            : indicator.BaselineValue ?? (indicator.Direction == Direction.Increase ? 0 : indicator.TargetValue),
        indicator.BaselineDate ?? planStart,
        indicator.Measure == Measure.Milestone ? 1 : indicator.TargetValue,
        indicator.TargetDate,
        indicator.Direction,
        indicator.Measure);

    /// <summary>The value the line reaches on <paramref name="day"/>: the baseline before it starts, the target after it ends.</summary>
    public decimal ExpectedOn(DateOnly day)
    {
        if (Measure == Measure.Milestone) return day >= To ? 1 : 0;
        if (day <= From) return Baseline;
        if (day >= To) return Target;
        var share = (decimal)(day.DayNumber - From.DayNumber) / (To.DayNumber - From.DayNumber);
        return Math.Round(Baseline + (Target - Baseline) * share, 2);
    }

    /// <summary>The status of <paramref name="value"/> (measured on or before <paramref name="day"/>) against the line.</summary>
    public IndicatorStatus Rate(decimal? value, DateOnly day, DashboardOptions thresholds)
    {
        if (value is not { } v) return IndicatorStatus.NoData;
        if (Measure == Measure.Milestone)
            return v >= 1 || day <= To ? IndicatorStatus.OnTrack : IndicatorStatus.OffTrack;

        var sign = Direction == Direction.Increase ? 1 : -1;
        var planned = (ExpectedOn(day) - Baseline) * sign;
        var achieved = (v - Baseline) * sign;
        if (planned <= 0) return achieved >= 0 ? IndicatorStatus.OnTrack : IndicatorStatus.OffTrack;
        var progress = achieved / planned;
        return progress >= thresholds.OnTrackFrom ? IndicatorStatus.OnTrack
            : progress >= thresholds.AtRiskFrom ? IndicatorStatus.AtRisk
            : IndicatorStatus.OffTrack;
    }
}
