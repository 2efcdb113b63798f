namespace DxTrack.Targets.Dashboard;

/// <summary>The province at a glance: what is owed, answered and late, and what the plan holds.</summary>
public sealed record DashboardSummary(
    int OpenObligations,
    int FulfilledObligations,
    int OverdueObligations,
    int CancelledObligations,
    int ActiveAgencies,
    int ApprovedPlans,
    int Indicators,
    int Tasks,
    int UrgentTasks,
    int CompletedTasks,
    IReadOnlyList<PillarSummary> Pillars,
    DateTimeOffset ComputedAt);

/// <summary>Indicators and tasks of one pillar in approved plans.</summary>
public sealed record PillarSummary(string Code, string Name, int Indicators, int Tasks, int CompletedTasks);
