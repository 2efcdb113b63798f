using DxTrack.Contracts;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Dashboard;

/// <summary>Which cached views a committed report changes, so an event evicts those and leaves the rest.</summary>
public static class DashboardEvictions
{
    /// <summary>
    /// A report on an obligation was received, returned or accepted: the province views, the agency's drill-down, and the
    /// drill-down of what it reports on (the indicator, or every agency sharing the task).
    /// </summary>
    public static Task AfterReportAsync(DashboardCache cache, TargetsDb db, Guid obligationId, string agencyCode,
        CancellationToken ct) =>
        AfterReportsAsync(cache, db, [(obligationId, agencyCode)], ct);

    /// <summary><see cref="AfterReportAsync"/> for several reports at once: each view is evicted once.</summary>
    public static async Task AfterReportsAsync(DashboardCache cache, TargetsDb db,
        IReadOnlyCollection<(Guid ObligationId, string AgencyCode)> reports, CancellationToken ct)
    {
        HashSet<string> views = [.. DashboardCache.ProvinceViews, .. reports.Select(r => DashboardCache.AgencyView(r.AgencyCode))];
        try
        {
            var ids = reports.Select(r => r.ObligationId).Distinct().ToList();
            var subjects = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id))
                .Select(o => new { o.Subject, o.SubjectId }).Distinct().ToListAsync(ct);
            foreach (var indicator in subjects.Where(s => s.Subject == ObligationSubject.Indicator))
                views.Add(DashboardCache.IndicatorView(indicator.SubjectId));
            var taskIds = subjects.Where(s => s.Subject == ObligationSubject.Task).Select(s => s.SubjectId).ToList();
            if (taskIds.Count > 0)
                foreach (var task in await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToListAsync(ct))
                    views.UnionWith(task.Assignees.Select(DashboardCache.AgencyView));
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
        {
            // Not knowing exactly what changed, drop everything: slower reads for a moment, never a stale one.
            await cache.EvictAsync();
            return;
        }
        await cache.EvictAsync(views);
    }
}
