using DxTrack.Contracts;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Pillars;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Dashboard;

/// <summary>Computes the overview and the indicator figures shared with the drill-downs, from PostgreSQL.</summary>
public static class OverviewQueries
{
    public const string NotReported = "NotReported";

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), DueInstant.Zone).DateTime);

    public static async Task<DashboardOverview> ComputeAsync(TargetsDb db, TimeProvider clock, DashboardOptions thresholds,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Today(clock);
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Approved)
            .Select(p => new { p.Id, p.Code, p.StartsOn }).ToListAsync(ct);
        var planIds = plans.Select(p => p.Id).ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => planIds.Contains(i.PlanId))
            .OrderBy(i => i.PillarCode).ThenBy(i => i.Code).ThenBy(i => i.TargetDate).ToListAsync(ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var values = await db.CountedValues.Where(v => ids.Contains(v.IndicatorId)).ToListAsync(ct);
        var expected = await ExpectedReportsAsync(db, ids, ct);

        var overviews = indicators.Select(i =>
        {
            var plan = plans.First(p => p.Id == i.PlanId);
            return Figure(i, plan.Code, plan.StartsOn, values.Where(v => v.IndicatorId == i.Id).ToList(),
                expected.Where(e => e.IndicatorId == i.Id).ToList(), today, thresholds);
        }).ToList();

        var tasks = await db.Tasks.AsNoTracking().Where(t => planIds.Contains(t.PlanId)).OrderBy(t => t.DueDate).ThenBy(t => t.Code)
            .ToListAsync(ct);
        var names = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        var ranking = await RankAgenciesAsync(db, now, ct);

        var pillars = Pillar.All.Select(p =>
        {
            var mine = overviews.Where(i => i.PillarCode == p.Code).ToList();
            var pillarTasks = tasks.Where(t => t.PillarCode == p.Code).ToList();
            return new PillarOverview(p.Code, p.Name, mine,
                mine.Count(i => i.Status == IndicatorStatus.OnTrack), mine.Count(i => i.Status == IndicatorStatus.AtRisk),
                mine.Count(i => i.Status == IndicatorStatus.OffTrack), mine.Count(i => i.Status == IndicatorStatus.NoData),
                pillarTasks.Count, pillarTasks.Count(t => t.Status == TaskProgressStatus.Completed));
        }).ToList();

        var owing = ranking.Where(a => a.FellDue > 0).ToList();
        var upToDate = owing.Count(a => a.Overdue == 0);
        var reporting = new ReportingOverview(owing.Count, upToDate,
            owing.Count == 0 ? null : Math.Round((decimal)upToDate / owing.Count, 4),
            owing.Sum(a => a.FellDue), owing.Sum(a => a.Fulfilled));

        var byStatus = new[] { NotReported }.Concat(Enum.GetNames<TaskProgressStatus>())
            .Select(s => new TaskStatusCount(s, tasks.Count(t => (t.Status?.ToString() ?? NotReported) == s))).ToList();
        var overdue = tasks.Where(t => t.DueDate < today && t.Status != TaskProgressStatus.Completed)
            .Select(t => new OverdueTask(t.Id, t.Code, t.Title, t.PillarCode, t.OwnerCode, names.GetValueOrDefault(t.OwnerCode, t.OwnerCode),
                t.DueDate, today.DayNumber - t.DueDate.DayNumber, t.Status?.ToString() ?? NotReported, t.PercentComplete, t.Urgent))
            .ToList();

        return new DashboardOverview(today, new StatusThresholds(thresholds.OnTrackFrom, thresholds.AtRiskFrom), pillars, reporting,
            new TaskOverview(tasks.Count, byStatus, overdue), ranking, now);
    }

    /// <summary>How many agencies owe a value for each indicator and period (cancelled obligations left out).</summary>
    public static async Task<List<ExpectedReports>> ExpectedReportsAsync(TargetsDb db, IReadOnlyCollection<Guid> indicatorIds,
        CancellationToken ct) =>
        await db.Obligations.AsNoTracking()
            .Where(o => o.Subject == ObligationSubject.Indicator && indicatorIds.Contains(o.SubjectId) && o.Status != ObligationStatus.Cancelled)
            .GroupBy(o => new { o.SubjectId, o.Period })
            .Select(g => new ExpectedReports(g.Key.SubjectId, g.Key.Period, g.Count()))
            .ToListAsync(ct);

    /// <summary>An indicator's series, latest value, expected value today and status.</summary>
    public static IndicatorOverview Figure(Indicator i, string planCode, DateOnly planStart, IReadOnlyList<AcceptedValue> values,
        IReadOnlyList<ExpectedReports> expected, DateOnly today, DashboardOptions thresholds)
    {
        var line = Trajectory.Of(i, planStart);
        var periods = values.Select(v => v.Period).Concat(expected.Select(e => e.Period)).Distinct()
            .Where(p => Period.TryParse(p, out _)).Select(Period.Parse).OrderBy(p => p.End).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        var trend = periods.Select(p =>
        {
            var province = Aggregate(i, p.Key, values, expected);
            return new TrendPoint(p.Key, p.End, province.Value, line.ExpectedOn(p.End), province.Reported, province.Expected);
        }).ToList();

        var latest = trend.LastOrDefault(t => t.Value is not null);
        var province = latest is null ? null : Aggregate(i, latest.Period, values, expected);
        var value = province?.Value;
        var target = line.Target;
        decimal? progress = value is not { } v ? null
            : i.Direction == Direction.Increase
                ? target == 0 ? 1 : Clamp(v / target)
                : v <= target ? 1 : Clamp(line.Baseline > target ? (line.Baseline - v) / (line.Baseline - target) : target / v);
        return new IndicatorOverview(i.Id, i.PlanId, planCode, i.PillarCode, i.Code, i.Name, i.Measure, i.Direction, line.Baseline, target,
            i.TargetDate, latest?.Period, value, line.ExpectedOn(today), progress, line.Rate(value, today, thresholds),
            province?.Reported ?? 0, province?.Expected ?? expected.Where(e => e.Period == trend.LastOrDefault()?.Period).Sum(e => e.Count),
            province?.ReportingShare ?? 0, trend);
    }

    static decimal Clamp(decimal share) => Math.Round(Math.Clamp(share, 0, 1), 4);

    public static ProvinceValue Aggregate(Indicator i, string period, IEnumerable<AcceptedValue> values, IEnumerable<ExpectedReports> expected) =>
        ProvinceValue.Aggregate(period, i.Measure,
            values.Where(v => v.Period == period).Select(v => new IndicatorValue(v.Numerator, v.Denominator, v.Percent, v.Count, v.Done)).ToList(),
            expected.FirstOrDefault(e => e.Period == period)?.Count ?? 0);

    /// <summary>Active agencies ranked by completeness, then timeliness, then fewest overdue; those with nothing due yet come last, unranked.</summary>
    public static async Task<IReadOnlyList<AgencyRank>> RankAgenciesAsync(TargetsDb db, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await CountObligationsByAgencyAsync(db, now, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.IsActive).Select(a => new { a.Code, a.Name, a.Kind }).ToListAsync(ct);
        var rows = agencies.Select(a =>
        {
            var c = counts.GetValueOrDefault(a.Code, AgencyObligationCounts.None);
            return new AgencyRank(null, a.Code, a.Name, a.Kind, c.FellDue, c.Fulfilled, c.OnTime, c.Outstanding,
                c.Overdue, Share(c.Fulfilled, c.FellDue), Share(c.OnTime, c.FellDue));
        })
            .OrderBy(r => r.FellDue == 0)
            .ThenByDescending(r => r.Completeness).ThenByDescending(r => r.Timeliness).ThenBy(r => r.Overdue)
            .ThenBy(r => r.AgencyCode, StringComparer.Ordinal)
            .ToList();
        return rows.Select((r, index) => r.FellDue == 0 ? r : r with { Rank = index + 1 }).ToList();
    }

    /// <summary>Each agency's obligations (cancelled ones aside) as of <paramref name="now"/>, counted in PostgreSQL.</summary>
    public static async Task<Dictionary<string, AgencyObligationCounts>> CountObligationsByAgencyAsync(TargetsDb db,
        DateTimeOffset now, CancellationToken ct) =>
        await db.Obligations.AsNoTracking()
            .Where(o => o.Status != ObligationStatus.Cancelled)
            .GroupBy(o => o.AgencyCode)
            .Select(g => new AgencyObligationCounts(
                g.Key,
                g.Count(o => o.DueAt < now),
                g.Count(o => o.DueAt < now && o.Status == ObligationStatus.Fulfilled),
                g.Count(o => o.DueAt < now && o.Status == ObligationStatus.Fulfilled && o.FulfilledAt <= o.DueAt),
                g.Count(o => o.Status == ObligationStatus.Open),
                g.Count(o => o.Status == ObligationStatus.Open && o.DueAt < now)))
            .ToDictionaryAsync(c => c.Agency, ct);

    public static decimal? Share(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}

/// <summary>An agency's obligations that fell due, were fulfilled (on time), are still open, and are overdue.</summary>
public sealed record AgencyObligationCounts(string Agency, int FellDue, int Fulfilled, int OnTime, int Outstanding, int Overdue)
{
    public static readonly AgencyObligationCounts None = new("", 0, 0, 0, 0, 0);
}

/// <summary>How many agencies owe a value for an indicator and period.</summary>
public sealed record ExpectedReports(Guid IndicatorId, string Period, int Count);
