using System.ComponentModel.DataAnnotations;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// Section <c>Targets:Dashboard</c>: how an indicator's status is judged. Progress is the share of the progress
/// planned by today (on the straight line from baseline to target) that the latest province value has achieved.
/// </summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string Section = "Targets:Dashboard";

    /// <summary>Progress at or above this share of the planned progress is "on track" (đúng tiến độ).</summary>
    [Range(0.01, 1.0)]
    public decimal OnTrackFrom { get; set; } = 0.9m;

    /// <summary>Progress at or above this share (and below <see cref="OnTrackFrom"/>) is "at risk" (có nguy cơ chậm); below it, "off track" (chậm tiến độ).</summary>
    [Range(0.0, 1.0)]
    public decimal AtRiskFrom { get; set; } = 0.7m;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AtRiskFrom >= OnTrackFrom)
            yield return new ValidationResult($"{Section}:AtRiskFrom ({AtRiskFrom}) must be below {Section}:OnTrackFrom ({OnTrackFrom}).",
                [nameof(AtRiskFrom), nameof(OnTrackFrom)]);
    }

    /// <summary>The rule in words, for the API reference.</summary>
    public string Describe() =>
        $"Status of an indicator: progress = (latest value − baseline) ÷ (expected value today − baseline), where the expected " +
        $"value today lies on the straight line from the baseline (at the baseline date, else the plan's first day; a missing " +
        $"baseline counts as 0 for increasing targets; a decreasing target without one is a flat line at the target) to the target at the target date (reversed for decreasing targets). " +
        $"OnTrack when progress ≥ {OnTrackFrom:0.##}, AtRisk when ≥ {AtRiskFrom:0.##}, OffTrack below, NoData while no value " +
        $"has been accepted. A milestone is OnTrack once done or while its target date has not passed, OffTrack after. " +
        $"Thresholds: configuration Targets:Dashboard:OnTrackFrom and Targets:Dashboard:AtRiskFrom.";
}
