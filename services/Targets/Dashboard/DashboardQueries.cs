using DxTrack.Contracts;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Dashboard;

/// <summary>Computes the dashboard from PostgreSQL, the source of truth behind the Redis copy.</summary>
public static class DashboardQueries
{
    public static async Task<DashboardSummary> ComputeSummaryAsync(TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // From the counters PostgreSQL keeps per status and due instant, each spread over a few slots (see the
        // ObligationTallies and StripedObligationTallies migrations), not from the obligations themselves: a few
        // rows to add up, however many obligations a national plan opens.
        var counts = await db.Database.SqlQuery<ObligationCounts>($"""
            SELECT coalesce(sum(count) FILTER (WHERE status = 'Open'), 0)::int AS "Open",
                   coalesce(sum(count) FILTER (WHERE status = 'Fulfilled'), 0)::int AS "Fulfilled",
                   coalesce(sum(count) FILTER (WHERE status = 'Cancelled'), 0)::int AS "Cancelled",
                   coalesce(sum(count) FILTER (WHERE status = 'Open' AND due_at < {now}), 0)::int AS "Overdue"
            FROM obligation_tallies
            """).SingleAsync(ct);

        var approved = db.Plans.Where(p => p.Status == PlanStatus.Approved).Select(p => p.Id);
        var indicators = await db.Indicators.AsNoTracking().Where(i => approved.Contains(i.PlanId))
            .GroupBy(i => i.PillarCode).Select(g => new { Pillar = g.Key, Count = g.Count() }).ToListAsync(ct);
        var tasks = await db.Tasks.AsNoTracking().Where(t => approved.Contains(t.PlanId))
            .GroupBy(t => t.PillarCode)
            .Select(g => new
            {
                Pillar = g.Key,
                Count = g.Count(),
                Urgent = g.Count(t => t.Urgent),
                Completed = g.Count(t => t.Status == TaskProgressStatus.Completed),
            })
            .ToListAsync(ct);
        var pillars = await db.Pillars.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);

        return new DashboardSummary(
            OpenObligations: counts.Open,
            FulfilledObligations: counts.Fulfilled,
            OverdueObligations: counts.Overdue,
            CancelledObligations: counts.Cancelled,
            ActiveAgencies: await db.Agencies.CountAsync(a => a.IsActive, ct),
            ApprovedPlans: await approved.CountAsync(ct),
            Indicators: indicators.Sum(i => i.Count),
            Tasks: tasks.Sum(t => t.Count),
            UrgentTasks: tasks.Sum(t => t.Urgent),
            CompletedTasks: tasks.Sum(t => t.Completed),
            Pillars: pillars.Select(p => new PillarSummary(p.Code, p.Name,
                indicators.FirstOrDefault(i => i.Pillar == p.Code)?.Count ?? 0,
                tasks.FirstOrDefault(t => t.Pillar == p.Code)?.Count ?? 0,
                tasks.FirstOrDefault(t => t.Pillar == p.Code)?.Completed ?? 0)).ToList(),
            ComputedAt: now);
    }
}

sealed record ObligationCounts(int Open, int Fulfilled, int Cancelled, int Overdue);

public static class DashboardStandingQueries
{
    public static async Task<AgencyStandings> ComputeAgenciesAsync(TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var counts = await OverviewQueries.CountObligationsByAgencyAsync(db, now, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Kind).ThenBy(a => a.Code)
            .Select(a => new { a.Code, a.Name, a.Kind }).ToListAsync(ct);
        return new AgencyStandings(agencies.Select(a =>
        {
            var c = counts.GetValueOrDefault(a.Code, AgencyObligationCounts.None);
            return new AgencyStanding(a.Code, a.Name, a.Kind, c.FellDue, c.Fulfilled, c.Outstanding, c.Overdue,
                OverviewQueries.Share(c.Fulfilled, c.FellDue));
        }).ToList(), now);
    }

    public static async Task<IndicatorStandings> ComputeIndicatorsAsync(TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var approved = db.Plans.Where(p => p.Status == PlanStatus.Approved).Select(p => p.Id);
        var indicators = await db.Indicators.AsNoTracking().Where(i => approved.Contains(i.PlanId))
            .OrderBy(i => i.PillarCode).ThenBy(i => i.Code).ToListAsync(ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var values = await db.CountedValues.Where(v => ids.Contains(v.IndicatorId)).ToListAsync(ct);
        var expected = await db.Obligations.AsNoTracking()
            .Where(o => ids.Contains(o.SubjectId) && o.Status != ObligationStatus.Cancelled)
            .GroupBy(o => new { o.SubjectId, o.Period }).Select(g => new { g.Key.SubjectId, g.Key.Period, Count = g.Count() })
            .ToListAsync(ct);

        var standings = indicators.Select(i =>
        {
            var latest = values.Where(v => v.IndicatorId == i.Id).Select(v => v.Period).Order(StringComparer.Ordinal).LastOrDefault();
            if (latest is null)
                return new IndicatorStanding(i.Id, i.PlanId, i.Code, i.PillarCode, i.Name, i.Measure, i.TargetValue, i.TargetDate,
                    i.Direction, null, null, 0, 0, 0, Rag.Grey);
            var province = ProvinceValue.Aggregate(latest, i.Measure,
                values.Where(v => v.IndicatorId == i.Id && v.Period == latest)
                    .Select(v => new IndicatorValue(v.Numerator, v.Denominator, v.Percent, v.Count, v.Done)).ToList(),
                expected.FirstOrDefault(e => e.SubjectId == i.Id && e.Period == latest)?.Count ?? 0);
            return new IndicatorStanding(i.Id, i.PlanId, i.Code, i.PillarCode, i.Name, i.Measure, i.TargetValue, i.TargetDate,
                i.Direction, latest, province.Value, province.Reported, province.Expected, province.ReportingShare,
                RagRating.Rate(province.Value, i.Measure == Measure.Milestone ? 1 : i.TargetValue, i.Direction));
        }).ToList();
        return new IndicatorStandings(standings, clock.GetUtcNow());
    }
}
