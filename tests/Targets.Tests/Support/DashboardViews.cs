using DxTrack.Targets.Dashboard;

namespace DxTrack.Targets.Tests.Support;

// The dashboard as a client reads it (wire format), only the fields the tests look at.
public sealed record OverviewView(DateOnly Today, ThresholdsView Thresholds, List<PillarOverviewView> Pillars, ReportingView Reporting,
    TaskOverviewView Tasks, List<AgencyRankView> Agencies);

public sealed record ThresholdsView(decimal OnTrackFrom, decimal AtRiskFrom);

public sealed record PillarOverviewView(string Code, string Name, List<IndicatorOverviewView> Indicators, int OnTrack, int AtRisk,
    int OffTrack, int NoData);

public sealed record IndicatorOverviewView(Guid IndicatorId, string Code, string Name, decimal TargetValue, string? LatestPeriod,
    decimal? LatestValue, decimal ExpectedToday, decimal? Progress, IndicatorStatus Status, int Reported, int Expected,
    decimal ReportingShare, List<TrendPointView> Trend);

public sealed record TrendPointView(string Period, decimal? Value, decimal Expected, int Reported, int ExpectedReports);

public sealed record ReportingView(int AgenciesOwing, int AgenciesUpToDate, decimal? Share);

public sealed record TaskOverviewView(int Total, List<TaskStatusCountView> ByStatus, List<OverdueTaskView> Overdue);

public sealed record TaskStatusCountView(string Status, int Count);

public sealed record OverdueTaskView(Guid TaskId, string Code, string OwnerCode, int DaysOverdue, string Status);

public sealed record AgencyRankView(int? Rank, string AgencyCode, int FellDue, int Fulfilled, int FulfilledOnTime, int Overdue,
    decimal? Completeness, decimal? Timeliness);

public sealed record IndicatorDrillDownView(IndicatorOverviewView Indicator, List<PeriodBreakdownView> Periods);

public sealed record PeriodBreakdownView(string Period, decimal? ProvinceValue, int Reported, int Expected, List<AgencyValueView> Agencies);

public sealed record AgencyValueView(string AgencyCode, decimal? Value, decimal? Numerator, decimal? Denominator, int? Revision,
    DxTrack.Targets.Obligations.ObligationStatus? ObligationStatus);

public sealed record AgencyDrillDownView(string AgencyCode, string Name, AgencyComplianceView Compliance, List<AgencyObligationView> Obligations,
    List<AgencyReportView> Reports, List<AgencyTaskView> Tasks);

public sealed record AgencyComplianceView(int FellDue, int Fulfilled, int FulfilledOnTime, int Outstanding, int Overdue,
    decimal? Completeness, decimal? Timeliness);

public sealed record AgencyObligationView(Guid ObligationId, string SubjectCode, string Period,
    DxTrack.Targets.Obligations.ObligationStatus Status, bool? OnTime, bool Overdue);

public sealed record AgencyReportView(string IndicatorCode, string Period, decimal? Value, int Revision);

public sealed record AgencyTaskView(string Code, bool Owner, string Status, bool Overdue);
