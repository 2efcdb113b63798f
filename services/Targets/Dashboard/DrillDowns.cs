using DxTrack.Contracts;
using DxTrack.Targets.Obligations;

namespace DxTrack.Targets.Dashboard;

/// <summary>One indicator: its province series by period and, for every period, what each agency reported.</summary>
public sealed record IndicatorDrillDown(
    IndicatorOverview Indicator,
    string? NumeratorLabel,
    string? DenominatorLabel,
    string LeadAgencyCode,
    string Frequency,
    IReadOnlyList<PeriodBreakdown> Periods,
    DateTimeOffset ComputedAt);

/// <summary>The agencies that owe (or sent) a value for one period, newest period first in the drill-down.</summary>
public sealed record PeriodBreakdown(string Period, decimal? ProvinceValue, int Reported, int Expected, IReadOnlyList<AgencyValue> Agencies);

/// <summary>One agency's accepted value for a period (nulls while none is accepted) and the state of what it owes.</summary>
/// <param name="Value">The agency's own figure: a ratio as a percentage, else the reported percent, count or done (1/0).</param>
public sealed record AgencyValue(string AgencyCode, string Name, decimal? Value, decimal? Numerator, decimal? Denominator,
    int? Revision, DateTimeOffset? AcceptedAt, ObligationStatus? ObligationStatus, DateTimeOffset? DueAt);

/// <summary>One agency: its compliance, everything it owes, the values accepted from it and the tasks it carries.</summary>
public sealed record AgencyDrillDown(
    string AgencyCode,
    string Name,
    AgencyKind Kind,
    bool IsActive,
    AgencyCompliance Compliance,
    IReadOnlyList<AgencyObligation> Obligations,
    IReadOnlyList<AgencyReport> Reports,
    IReadOnlyList<AgencyTask> Tasks,
    DateTimeOffset ComputedAt);

/// <summary>Completeness (fulfilled ÷ fell due) and timeliness (fulfilled by the due instant ÷ fell due), null when nothing fell due.</summary>
public sealed record AgencyCompliance(int FellDue, int Fulfilled, int FulfilledOnTime, int Outstanding, int Overdue,
    decimal? Completeness, decimal? Timeliness);

/// <summary>An obligation of the agency; <c>OnTime</c> is null until it is fulfilled.</summary>
public sealed record AgencyObligation(Guid ObligationId, ObligationSubject Subject, string SubjectCode, string Title, string Period,
    DateTimeOffset DueAt, ObligationStatus Status, DateTimeOffset? FulfilledAt, bool? OnTime, bool Overdue);

/// <summary>An indicator value accepted from the agency (its latest accepted revision for the period).</summary>
public sealed record AgencyReport(Guid IndicatorId, string IndicatorCode, string IndicatorName, string Period, Measure Measure,
    decimal? Value, decimal? Numerator, decimal? Denominator, int Revision, DateTimeOffset AcceptedAt);

/// <summary>A task the agency owns or co-owns, with its latest accepted progress.</summary>
public sealed record AgencyTask(Guid TaskId, string Code, string Title, bool Owner, DateOnly DueDate, string Status,
    int? PercentComplete, bool Overdue);
