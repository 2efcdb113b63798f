using DxTrack.Contracts;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTrack.Targets.Plans;

/// <summary>
/// The plan's transitions together with the obligations they create or cancel; used by the API and the demo loader
/// alike, so both publish the same events. The caller saves (one transaction with the outbox rows).
/// </summary>
public sealed class PlanWorkflow(TargetsDb db, ObligationLedger ledger, IOptions<TargetsOptions> options, TimeProvider clock,
    ILogger<PlanWorkflow> logger)
{
    public async Task<LedgerChanges> OpenConsultationAsync(Plan plan, IReadOnlyList<string> agencies, DateOnly deadline,
        CancellationToken ct)
    {
        plan.OpenConsultation(agencies, deadline);
        return await ledger.ReconcileAsync([plan.Id], ObligationPlanner.ForConsultation(plan).ToList(),
            "Consultation list changed", ct);
    }

    /// <summary>
    /// Approves the plan: the consultation closes, the version it revises is superseded, and the obligations follow.
    /// The counts returned cover every obligation the approval opened, moved or cancelled.
    /// </summary>
    public async Task<LedgerChanges> ApproveAsync(Plan plan, CancellationToken ct)
    {
        plan.Approve(clock);
        var cancelled = await ledger.CancelOpenAsync(plan.Id, ObligationSubject.Consultation,
            "Consultation closed: the plan was approved", ct);

        Plan? previous = null;
        if (plan.PreviousVersionId is { } previousId
            && await db.Plans.FirstOrDefaultAsync(p => p.Id == previousId, ct) is { Status: PlanStatus.Approved } approved)
        {
            previous = approved;
            previous.Supersede(clock);
            var superseded = await ledger.CancelOpenAsync(previous.Id, null,
                $"Plan {plan.Code} v{previous.Version} was superseded by v{plan.Version}", ct);
            cancelled += superseded;
            logger.LogInformation("Plan {PlanId} superseded; {Count} open obligations cancelled", previous.Id, superseded);
        }

        var changes = await ScheduleAsync(plan, previous, ct);
        logger.LogInformation("Plan {PlanId} approved; {Opened} obligations opened", plan.Id, changes.Opened);
        return changes with { Cancelled = changes.Cancelled + cancelled };
    }

    /// <summary>
    /// Makes the approved plan's obligations match its indicators and tasks (idempotent), first carrying over what was
    /// answered under the version it supersedes.
    /// </summary>
    async Task<LedgerChanges> ScheduleAsync(Plan plan, Plan? superseded, CancellationToken ct)
    {
        var indicators = await db.Indicators.Where(i => i.PlanId == plan.Id).ToListAsync(ct);
        var tasks = await db.Tasks.Where(t => t.PlanId == plan.Id).ToListAsync(ct);
        var agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive).Select(a => new { a.Code, a.Kind }).ToListAsync(ct))
            .Select(a => (a.Code, a.Kind)).ToList();

        var desired = indicators.SelectMany(i => ObligationPlanner.ForIndicator(plan, i, agencies))
            .Concat(tasks.SelectMany(t => ObligationPlanner.ForTask(t, plan.Id, options.Value.TaskReportOffsetDays)))
            .ToList();
        if (superseded is not null) await CarryOverAsync(superseded, plan, indicators, tasks, desired, ct);
        var subjects = indicators.Select(i => i.Id).Concat(tasks.Select(t => t.Id)).ToList();
        return await ledger.ReconcileAsync(subjects, desired, "No longer required by the plan", ct);
    }

    /// <summary>
    /// What was answered under the superseded version stays answered under the new one: each fulfilled obligation whose
    /// indicator or task code, agency and period the new version still requires moves to it with the value accepted for
    /// it, so the province value continues, and task progress carries on. An indicator whose measure changed starts
    /// afresh: a value of the old kind cannot stand for the new one.
    /// </summary>
    async Task CarryOverAsync(Plan superseded, Plan plan, IReadOnlyList<Indicator> indicators,
        IReadOnlyList<PlanTask> tasks, IReadOnlyList<DesiredObligation> desired, CancellationToken ct)
    {
        var successors = indicators.Select(i => (Key: (ObligationSubject.Indicator, i.Code), Id: i.Id, Measure: (Measure?)i.Measure))
            .Concat(tasks.Select(t => (Key: (ObligationSubject.Task, t.Code), Id: t.Id, Measure: (Measure?)null)))
            .ToDictionary(s => s.Key);
        var wanted = desired.Select(d => d.Key).ToHashSet();

        var answered = await db.Obligations
            .Where(o => o.PlanId == superseded.Id && o.Status == ObligationStatus.Fulfilled && o.Subject != ObligationSubject.Consultation)
            .ToListAsync(ct);
        var moved = new List<(Guid From, Guid To, string Agency, string Period)>();
        foreach (var o in answered)
        {
            if (!successors.TryGetValue((o.Subject, o.SubjectCode), out var successor) || successor.Measure != o.Measure
                || !wanted.Contains((o.AgencyCode, o.Subject, successor.Id, o.Period)))
                continue;
            var from = o.SubjectId;
            if (o.CarryOver(successor.Id, plan.Id) && o.Subject == ObligationSubject.Indicator)
                moved.Add((from, successor.Id, o.AgencyCode, o.Period));
        }

        var fromIds = moved.Select(m => m.From).Distinct().ToList();
        var values = (await db.AcceptedValues.Where(v => fromIds.Contains(v.IndicatorId)).ToListAsync(ct))
            .ToDictionary(v => (v.IndicatorId, v.AgencyCode, v.Period));
        foreach (var m in moved)
            if (values.TryGetValue((m.From, m.Agency, m.Period), out var value)) value.IndicatorId = m.To;

        var previousTasks = await db.Tasks.AsNoTracking().Where(t => t.PlanId == superseded.Id && t.ProgressAcceptedAt != null)
            .ToDictionaryAsync(t => t.Code, ct);
        foreach (var task in tasks)
            if (previousTasks.TryGetValue(task.Code, out var before)) task.CarryProgressFrom(before);

        if (answered.Count > 0)
            logger.LogInformation("Plan {PlanId}: {Carried} of {Answered} answered obligations carried over from v{Version}",
                plan.Id, answered.Count(o => o.PlanId == plan.Id), answered.Count, superseded.Version);
    }

    /// <summary>
    /// An agency was created or changed kind: the approved plans' indicators reported by every agency of its kind (or of
    /// its former kind), and those naming it, now require — or no longer require — its reports. Reports not yet due are
    /// opened (an agency that joins today cannot already be late); open ones it no longer owes are cancelled.
    /// </summary>
    public async Task<LedgerChanges> ReconcileAgencyAsync(Agency agency, AgencyKind? formerKind, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Approved).ToDictionaryAsync(p => p.Id, ct);
        var planIds = plans.Keys.ToList();
        var kind = agency.Kind;
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => planIds.Contains(i.PlanId)
                        && (i.ReportingKind == kind || (formerKind != null && i.ReportingKind == formerKind)
                            || i.ReportingAgencies.Contains(agency.Code)))
            .ToListAsync(ct);
        if (indicators.Count == 0) return new LedgerChanges(0, 0, 0);

        (string, AgencyKind)[] reporter = agency.IsActive ? [(agency.Code, agency.Kind)] : [];
        var desired = indicators.SelectMany(i => ObligationPlanner.ForIndicator(plans[i.PlanId], i, reporter)).ToList();
        return await ledger.ReconcileAsync(indicators.Select(i => i.Id).ToList(), desired,
            $"Agency {agency.Code} is no longer a {formerKind}", ct, agency.Code, clock.GetUtcNow());
    }

    /// <summary>A task's dates moved: its open progress reports follow (rescheduled, added or cancelled).</summary>
    public async Task<LedgerChanges> RescheduleTaskAsync(Plan plan, PlanTask task, CancellationToken ct)
    {
        if (plan.Status != PlanStatus.Approved) return new LedgerChanges(0, 0, 0);
        return await ledger.ReconcileAsync([task.Id],
            ObligationPlanner.ForTask(task, plan.Id, options.Value.TaskReportOffsetDays).ToList(),
            "The task's schedule changed", ct);
    }
}
