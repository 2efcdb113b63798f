using DxTrack.Contracts;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Dashboard;

/// <summary>Computes the drill-downs from PostgreSQL; null when the indicator or agency does not exist.</summary>
public static class DrillDownQueries
{
    public static async Task<IndicatorDrillDown?> IndicatorAsync(TargetsDb db, Guid id, TimeProvider clock, DashboardOptions thresholds,
        CancellationToken ct)
    {
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null) return null;
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == indicator.PlanId).Select(p => new { p.Code, p.StartsOn }).FirstAsync(ct);
        var values = await db.CountedValues.Where(v => v.IndicatorId == id).ToListAsync(ct);
        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => o.Subject == ObligationSubject.Indicator && o.SubjectId == id && o.Status != ObligationStatus.Cancelled)
            .Select(o => new { o.AgencyCode, o.Period, o.Status, o.DueAt }).ToListAsync(ct);
        var expected = obligations.GroupBy(o => o.Period).Select(g => new ExpectedReports(id, g.Key, g.Count())).ToList();
        var names = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name, ct);

        var figure = OverviewQueries.Figure(indicator, plan.Code, plan.StartsOn, values, expected, OverviewQueries.Today(clock), thresholds);
        var periods = figure.Trend.Reverse().Select(t =>
        {
            // Looked up by agency: a period of a province-wide indicator is owed by every commune.
            var owed = obligations.Where(o => o.Period == t.Period).GroupBy(o => o.AgencyCode).ToDictionary(g => g.Key, g => g.First());
            var reported = values.Where(v => v.Period == t.Period).GroupBy(v => v.AgencyCode).ToDictionary(g => g.Key, g => g.First());
            var agencies = owed.Keys.Concat(reported.Keys).Distinct()
                .Order(StringComparer.Ordinal)
                .Select(code =>
                {
                    var v = reported.GetValueOrDefault(code);
                    var o = owed.GetValueOrDefault(code);
                    return new AgencyValue(code, names.GetValueOrDefault(code, code), v is null ? null : OwnValue(indicator.Measure, v),
                        v?.Numerator, v?.Denominator, v?.Revision, v?.AcceptedAt, o?.Status, o?.DueAt);
                }).ToList();
            return new PeriodBreakdown(t.Period, t.Value, t.Reported, t.ExpectedReports, agencies);
        }).ToList();

        return new IndicatorDrillDown(figure, indicator.NumeratorLabel, indicator.DenominatorLabel, indicator.LeadAgencyCode,
            indicator.Frequency.ToString(), periods, clock.GetUtcNow());
    }

    /// <summary>An agency's own figure: what it reported, on the scale the province value uses.</summary>
    public static decimal? OwnValue(Measure measure, AcceptedValue v) => measure switch
    {
        Measure.Ratio => v.Denominator is > 0 ? Math.Round((v.Numerator ?? 0) / v.Denominator.Value * 100, 2) : null,
        Measure.Percent => v.Percent,
        Measure.Count => v.Count,
        _ => v.Done is { } done ? done ? 1 : 0 : null,
    };

    public static async Task<AgencyDrillDown?> AgencyAsync(TargetsDb db, string code, TimeProvider clock, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == code)
            .Select(a => new { a.Code, a.Name, a.Kind, a.IsActive }).FirstOrDefaultAsync(ct);
        if (agency is null) return null;
        var now = clock.GetUtcNow();
        var today = OverviewQueries.Today(clock);

        var obligations = await db.Obligations.AsNoTracking().Where(o => o.AgencyCode == code)
            .OrderBy(o => o.DueAt).ThenBy(o => o.SubjectCode).ToListAsync(ct);
        var live = obligations.Where(o => o.Status != ObligationStatus.Cancelled).ToList();
        var fellDue = live.Where(o => o.DueAt < now).ToList();
        var fulfilled = fellDue.Count(o => o.Status == ObligationStatus.Fulfilled);
        var onTime = fellDue.Count(o => o.Status == ObligationStatus.Fulfilled && o.FulfilledAt <= o.DueAt);
        var compliance = new AgencyCompliance(fellDue.Count, fulfilled, onTime, live.Count(o => o.Status == ObligationStatus.Open),
            live.Count(o => o.IsOverdue(now)), OverviewQueries.Share(fulfilled, fellDue.Count), OverviewQueries.Share(onTime, fellDue.Count));

        var reports = await (from v in db.AcceptedValues.AsNoTracking()
                             join i in db.Indicators.AsNoTracking() on v.IndicatorId equals i.Id
                             where v.AgencyCode == code
                             orderby v.AcceptedAt descending
                             select new { Value = v, i.Code, i.Name, i.Measure }).ToListAsync(ct);

        var approved = db.Plans.Where(p => p.Status == PlanStatus.Approved).Select(p => p.Id);
        var tasks = (await db.Tasks.AsNoTracking().Where(t => approved.Contains(t.PlanId)).OrderBy(t => t.DueDate).ThenBy(t => t.Code)
                .ToListAsync(ct))
            .Where(t => t.Assignees.Contains(code))
            .Select(t => new AgencyTask(t.Id, t.Code, t.Title, t.OwnerCode == code, t.DueDate, t.Status?.ToString() ?? OverviewQueries.NotReported,
                t.PercentComplete, t.DueDate < today && t.Status != TaskProgressStatus.Completed))
            .ToList();

        return new AgencyDrillDown(agency.Code, agency.Name, agency.Kind, agency.IsActive, compliance,
            obligations.Select(o => new AgencyObligation(o.Id, o.Subject, o.SubjectCode, o.Title, o.Period, o.DueAt, o.Status, o.FulfilledAt,
                o.Status == ObligationStatus.Fulfilled ? o.FulfilledAt <= o.DueAt : null, o.IsOverdue(now))).ToList(),
            reports.Select(r => new AgencyReport(r.Value.IndicatorId, r.Code, r.Name, r.Value.Period, r.Measure, OwnValue(r.Measure, r.Value),
                r.Value.Numerator, r.Value.Denominator, r.Value.Revision, r.Value.AcceptedAt)).ToList(),
            tasks, now);
    }
}
