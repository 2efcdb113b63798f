using DxTrack.Contracts;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Dashboard;

/// <summary>The page the Steering Committee opens: every pillar's indicators, reporting, tasks and agencies.</summary>
/// <param name="Today">The day in Asia/Ho_Chi_Minh the expected values and overdue lists are computed for.</param>
public sealed record DashboardOverview(
    DateOnly Today,
    StatusThresholds Thresholds,
    IReadOnlyList<PillarOverview> Pillars,
    ReportingOverview Reporting,
    TaskOverview Tasks,
    IReadOnlyList<AgencyRank> Agencies,
    DateTimeOffset ComputedAt);

/// <summary>The configured thresholds the statuses were judged with (shares of the progress planned by today).</summary>
public sealed record StatusThresholds(decimal OnTrackFrom, decimal AtRiskFrom);

/// <summary>One pillar: its indicators in approved plans, and how many stand at each status.</summary>
public sealed record PillarOverview(string Code, string Name, IReadOnlyList<IndicatorOverview> Indicators,
    int OnTrack, int AtRisk, int OffTrack, int NoData, int Tasks, int CompletedTasks);

/// <summary>An indicator's latest province value against its target and against where the straight line says it should be today.</summary>
/// <param name="ExpectedToday">The value on the straight line from baseline to target today.</param>
/// <param name="Progress">The latest value as a share of the target (0–1, for a progress bar); null with no value.</param>
/// <param name="Trend">Province value per period, oldest first, with the line's value at each period's end.</param>
public sealed record IndicatorOverview(
    Guid IndicatorId,
    Guid PlanId,
    string PlanCode,
    string PillarCode,
    string Code,
    string Name,
    Measure Measure,
    Direction Direction,
    decimal Baseline,
    decimal TargetValue,
    DateOnly TargetDate,
    string? LatestPeriod,
    decimal? LatestValue,
    decimal ExpectedToday,
    decimal? Progress,
    IndicatorStatus Status,
    int Reported,
    int Expected,
    decimal ReportingShare,
    IReadOnlyList<TrendPoint> Trend);

/// <summary>The province value of one period (null when nobody reported a usable value yet).</summary>
public sealed record TrendPoint(string Period, DateOnly PeriodEnd, decimal? Value, decimal Expected, int Reported, int ExpectedReports);

/// <summary>Agencies that owe something already due, and how many of them have answered all of it.</summary>
public sealed record ReportingOverview(int AgenciesOwing, int AgenciesUpToDate, decimal? Share, int ReportsDue, int ReportsFulfilled);

/// <summary>Tasks of approved plans by their latest accepted status, and the ones past their due date.</summary>
public sealed record TaskOverview(int Total, IReadOnlyList<TaskStatusCount> ByStatus, IReadOnlyList<OverdueTask> Overdue);

/// <summary>How many tasks stand at a status; <c>NotReported</c> while no progress report has been accepted.</summary>
public sealed record TaskStatusCount(string Status, int Count);

public sealed record OverdueTask(Guid TaskId, string Code, string Title, string PillarCode, string OwnerCode, string OwnerName,
    DateOnly DueDate, int DaysOverdue, string Status, int? PercentComplete, bool Urgent);

/// <summary>An agency's place in the ranking by completeness, then timeliness.</summary>
/// <param name="Completeness">Fulfilled ÷ fell due (null when nothing fell due yet).</param>
/// <param name="Timeliness">Fulfilled by the due instant ÷ fell due (null when nothing fell due yet).</param>
public sealed record AgencyRank(int? Rank, string AgencyCode, string Name, AgencyKind Kind, int FellDue, int Fulfilled,
    int FulfilledOnTime, int Outstanding, int Overdue, decimal? Completeness, decimal? Timeliness);
