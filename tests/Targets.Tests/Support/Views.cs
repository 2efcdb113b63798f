using DxTrack.Contracts;
using DxTrack.Targets.Obligations;

namespace DxTrack.Targets.Tests.Support;

// What a client reads back; declared here so tests assert on the wire format, not on server types.
public sealed record PageView<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record ContactView(string Name, string? Email, string? Phone, bool IsHead);

public sealed record AgencyView(string Code, string Name, AgencyKind Kind, string? ParentCode, bool IsActive, List<ContactView> Contacts, long Version);

public sealed record ObligationView(Guid Id, string AgencyCode, ObligationSubject Subject, Guid SubjectId, string SubjectCode,
    string Title, string Period, DateTimeOffset DueAt, Measure? Measure, Guid? PlanId, ObligationStatus Status, bool IsOverdue);

public sealed record SummaryView(int OpenObligations, int FulfilledObligations, int OverdueObligations, int ActiveAgencies,
    int ApprovedPlans, int Indicators, int Tasks);

public sealed record PlanView(Guid Id, Guid SeriesId, string Code, int Version, Guid? PreviousVersionId, string Title, string Kind,
    int StartYear, int EndYear, DxTrack.Targets.Plans.PlanStatus Status);

public sealed record TransitionView(PlanView Plan, int ObligationsOpened, int ObligationsRescheduled, int ObligationsCancelled);

public sealed record IndicatorView(Guid Id, Guid PlanId, string Code, string PillarCode, string Name, Measure Measure,
    decimal TargetValue = 0);

public sealed record TaskView(Guid Id, Guid PlanId, string Code, string PillarCode, DateOnly StartDate, DateOnly DueDate,
    decimal BudgetVnd, TaskProgressStatus? Status, int? PercentComplete, string Title = "", string OwnerCode = "",
    List<string>? CoOwnerCodes = null, bool Urgent = false);

public sealed record TaskRescheduledView(TaskView Task, int ObligationsOpened, int ObligationsRescheduled, int ObligationsCancelled);

public sealed record ProvinceValueView(string Period, Measure Measure, decimal? Value, decimal? Numerator, decimal? Denominator,
    bool? AllDone, int Reported, int Expected, decimal ReportingShare, bool Complete);

public sealed record IndicatorValuesView(Guid IndicatorId, string Code, List<ProvinceValueView> Periods);

public sealed record AgencyStandingView(string AgencyCode, int FellDue, int FulfilledOfDue, int Outstanding, int Overdue, decimal? Completeness);

public sealed record AgencyStandingsView(List<AgencyStandingView> Agencies);

public sealed record IndicatorStandingView(Guid IndicatorId, string Code, string? LatestPeriod, decimal? LatestValue, int Reported,
    int Expected, decimal ReportingShare, DxTrack.Targets.Dashboard.Rag Rag);

public sealed record IndicatorStandingsView(List<IndicatorStandingView> Indicators);
