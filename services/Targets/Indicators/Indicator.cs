using DxTrack.Contracts;
using DxTrack.Messaging.Audit;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Indicators;

/// <summary>A measurable target of a plan (chỉ tiêu), reported by agencies every period.</summary>
public sealed class Indicator : IAudited
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public required string Code { get; set; }
    public required string PillarCode { get; set; }
    public required string Name { get; set; }
    public Measure Measure { get; set; }
    public string? NumeratorLabel { get; set; }
    public string? DenominatorLabel { get; set; }
    public decimal? BaselineValue { get; set; }
    public DateOnly? BaselineDate { get; set; }
    public decimal TargetValue { get; set; }
    public DateOnly TargetDate { get; set; }
    public Direction Direction { get; set; }
    public required string LeadAgencyCode { get; set; }

    /// <summary>Agencies named one by one.</summary>
    public List<string> ReportingAgencies { get; set; } = [];

    /// <summary>Every active agency of this kind reports too (e.g. all communes), resolved when obligations are made.</summary>
    public AgencyKind? ReportingKind { get; set; }
    public ReportingFrequency Frequency { get; set; }

    /// <summary>Days after the period's last day that the report is due.</summary>
    public int DueOffsetDays { get; set; }

    public Indicator CopyTo(Guid planId, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        PlanId = planId,
        Code = Code,
        PillarCode = PillarCode,
        Name = Name,
        Measure = Measure,
        NumeratorLabel = NumeratorLabel,
        DenominatorLabel = DenominatorLabel,
        BaselineValue = BaselineValue,
        BaselineDate = BaselineDate,
        TargetValue = TargetValue,
        TargetDate = TargetDate,
        Direction = Direction,
        LeadAgencyCode = LeadAgencyCode,
        ReportingAgencies = [.. ReportingAgencies],
        ReportingKind = ReportingKind,
        Frequency = Frequency,
        DueOffsetDays = DueOffsetDays,
    };
}
