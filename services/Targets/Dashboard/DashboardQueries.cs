using DxTrack.Contracts;
using DxTrack.Targets.Data;
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
        var byStatus = await db.Obligations.AsNoTracking()
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        int Count(ObligationStatus s) => byStatus.FirstOrDefault(x => x.Status == s)?.Count ?? 0;
        var overdue = await db.Obligations.CountAsync(o => o.Status == ObligationStatus.Open && o.DueAt < now, ct);

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
            OpenObligations: Count(ObligationStatus.Open),
            FulfilledObligations: Count(ObligationStatus.Fulfilled),
            OverdueObligations: overdue,
            CancelledObligations: Count(ObligationStatus.Cancelled),
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
