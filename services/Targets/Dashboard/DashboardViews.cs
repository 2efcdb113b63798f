using DxTrack.Contracts;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Dashboard;

/// <summary>How one agency keeps up: what fell due, what it answered, what is still outstanding.</summary>
/// <param name="Completeness">Fulfilled ÷ fell due so far (null when nothing fell due yet).</param>
public sealed record AgencyStanding(string AgencyCode, string Name, AgencyKind Kind, int FellDue, int FulfilledOfDue,
    int Outstanding, int Overdue, decimal? Completeness);

/// <summary>An indicator of an approved plan: its latest province value against the target.</summary>
public sealed record IndicatorStanding(Guid IndicatorId, Guid PlanId, string Code, string PillarCode, string Name, Measure Measure,
    decimal TargetValue, DateOnly TargetDate, Direction Direction, string? LatestPeriod, decimal? LatestValue, int Reported,
    int Expected, decimal ReportingShare, Rag Rag);

public sealed record AgencyStandings(IReadOnlyList<AgencyStanding> Agencies, DateTimeOffset ComputedAt);

public sealed record IndicatorStandings(IReadOnlyList<IndicatorStanding> Indicators, DateTimeOffset ComputedAt);
