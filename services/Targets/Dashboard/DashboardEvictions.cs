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
    public static async Task AfterReportAsync(DashboardCache cache, TargetsDb db, Guid obligationId, string agencyCode,
        CancellationToken ct)
    {
        List<string> views = [.. DashboardCache.ProvinceViews, DashboardCache.AgencyView(agencyCode)];
        try
        {
            var subject = await db.Obligations.AsNoTracking().Where(o => o.Id == obligationId)
                .Select(o => new { o.Subject, o.SubjectId }).FirstOrDefaultAsync(ct);
            if (subject?.Subject == ObligationSubject.Indicator) views.Add(DashboardCache.IndicatorView(subject.SubjectId));
            if (subject?.Subject == ObligationSubject.Task
                && await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == subject.SubjectId, ct) is { } task)
                views.AddRange(task.Assignees.Select(DashboardCache.AgencyView));
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
