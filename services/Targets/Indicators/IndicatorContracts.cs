using DxTrack.Contracts;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Indicators;

/// <summary>Body of <c>POST /api/targets/plans/{planId}/indicators</c> and <c>PUT /api/targets/indicators/{id}</c>.</summary>
public sealed record IndicatorRequest(
    string? Code, string? PillarCode, string? Name, Measure? Measure, string? NumeratorLabel, string? DenominatorLabel,
    decimal? BaselineValue, DateOnly? BaselineDate, decimal? TargetValue, DateOnly? TargetDate, Direction? Direction,
    string? LeadAgencyCode, List<string>? ReportingAgencies, AgencyKind? ReportingKind, ReportingFrequency? Frequency,
    int? DueOffsetDays);

public sealed record IndicatorDto(Guid Id, Guid PlanId, string Code, string PillarCode, string Name, Measure Measure,
    string? NumeratorLabel, string? DenominatorLabel, decimal? BaselineValue, DateOnly? BaselineDate, decimal TargetValue,
    DateOnly TargetDate, Direction Direction, string LeadAgencyCode, IReadOnlyList<string> ReportingAgencies,
    AgencyKind? ReportingKind, ReportingFrequency Frequency, int DueOffsetDays)
{
    public static IndicatorDto From(Indicator i) => new(i.Id, i.PlanId, i.Code, i.PillarCode, i.Name, i.Measure, i.NumeratorLabel,
        i.DenominatorLabel, i.BaselineValue, i.BaselineDate, i.TargetValue, i.TargetDate, i.Direction, i.LeadAgencyCode,
        i.ReportingAgencies, i.ReportingKind, i.Frequency, i.DueOffsetDays);
}

/// <summary>The province's figures for an indicator, period by period, against its target.</summary>
public sealed record IndicatorValuesDto(Guid IndicatorId, string Code, Measure Measure, decimal TargetValue, DateOnly TargetDate,
    IReadOnlyList<ProvinceValue> Periods);
