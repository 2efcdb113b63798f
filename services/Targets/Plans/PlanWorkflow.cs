using DxTrack.Contracts;
using DxTrack.Targets.Data;
using DxTrack.Targets.Obligations;
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

    public async Task<LedgerChanges> ApproveAsync(Plan plan, CancellationToken ct)
    {
        plan.Approve(clock);
        await ledger.CancelOpenAsync(plan.Id, ObligationSubject.Consultation, "Consultation closed: the plan was approved", ct);

        if (plan.PreviousVersionId is { } previousId
            && await db.Plans.FirstOrDefaultAsync(p => p.Id == previousId, ct) is { Status: PlanStatus.Approved } previous)
        {
            previous.Supersede(clock);
            var cancelled = await ledger.CancelOpenAsync(previous.Id, null,
                $"Plan {plan.Code} v{previous.Version} was superseded by v{plan.Version}", ct);
            logger.LogInformation("Plan {PlanId} superseded; {Count} open obligations cancelled", previous.Id, cancelled);
        }

        var changes = await ScheduleAsync(plan, ct);
        logger.LogInformation("Plan {PlanId} approved; {Opened} obligations opened", plan.Id, changes.Opened);
        return changes;
    }

    /// <summary>Makes the approved plan's obligations match its indicators and tasks (idempotent).</summary>
    public async Task<LedgerChanges> ScheduleAsync(Plan plan, CancellationToken ct)
    {
        var indicators = await db.Indicators.Where(i => i.PlanId == plan.Id).ToListAsync(ct);
        var tasks = await db.Tasks.Where(t => t.PlanId == plan.Id).ToListAsync(ct);
        var agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive).Select(a => new { a.Code, a.Kind }).ToListAsync(ct))
            .Select(a => (a.Code, a.Kind)).ToList();

        var desired = indicators.SelectMany(i => ObligationPlanner.ForIndicator(plan, i, agencies))
            .Concat(tasks.SelectMany(t => ObligationPlanner.ForTask(t, plan.Id, options.Value.TaskReportOffsetDays)))
            .ToList();
        var subjects = indicators.Select(i => i.Id).Concat(tasks.Select(t => t.Id)).ToList();
        return await ledger.ReconcileAsync(subjects, desired, "No longer required by the plan", ct);
    }

    /// <summary>A task's dates moved: its open progress reports follow (rescheduled, added or cancelled).</summary>
    public async Task<LedgerChanges> RescheduleTaskAsync(Plan plan, Tasks.PlanTask task, CancellationToken ct)
    {
        if (plan.Status != PlanStatus.Approved) return new LedgerChanges(0, 0, 0);
        return await ledger.ReconcileAsync([task.Id],
            ObligationPlanner.ForTask(task, plan.Id, options.Value.TaskReportOffsetDays).ToList(),
            "The task's schedule changed", ct);
    }
}
