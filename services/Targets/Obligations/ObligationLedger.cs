using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

/// <summary>
/// Brings the obligations of some subjects in line with what the plan now requires: opens the missing ones,
/// moves deadlines that changed, and cancels open ones no longer required — each with its event in the outbox.
/// Running it twice changes nothing the second time, which is what makes approval and seeding idempotent.
/// The caller saves.
/// </summary>
public sealed class ObligationLedger(TargetsDb db, TimeProvider clock, ILogger<ObligationLedger> logger)
{
    /// <param name="subjectIds">The indicators, tasks or plans whose obligations are brought in line.</param>
    /// <param name="desired">What those subjects now require.</param>
    /// <param name="cancelReason">Why an open obligation no longer required is cancelled.</param>
    /// <param name="ct">Cancels the work.</param>
    /// <param name="agencyCode">When set, only this agency's obligations are looked at (an agency joined or changed kind).</param>
    /// <param name="openIfDueAfter">When set, a missing obligation due by then is not opened: it could only be late already.</param>
    public async Task<LedgerChanges> ReconcileAsync(IReadOnlyCollection<Guid> subjectIds,
        IReadOnlyCollection<DesiredObligation> desired, string cancelReason, CancellationToken ct,
        string? agencyCode = null, DateTimeOffset? openIfDueAfter = null)
    {
        var ids = subjectIds.ToList();
        var idSet = ids.ToHashSet();
        // Obligations moved to these subjects earlier in the same unit of work (carried over from a superseded
        // version) are not in the database yet, but they count.
        var existing = (await db.Obligations.Where(o => ids.Contains(o.SubjectId) && (agencyCode == null || o.AgencyCode == agencyCode))
                .ToListAsync(ct))
            .Concat(db.Obligations.Local)
            .Where(o => idSet.Contains(o.SubjectId) && (agencyCode is null || o.AgencyCode == agencyCode))
            .Distinct()
            .ToList();
        var byKey = existing.ToDictionary(o => (o.AgencyCode, o.Subject, o.SubjectId, o.Period));
        var wanted = desired.Where(d => agencyCode is null || d.AgencyCode == agencyCode).DistinctBy(d => d.Key).ToDictionary(d => d.Key);

        int opened = 0, moved = 0, cancelled = 0;
        foreach (var (key, want) in wanted)
        {
            if (byKey.TryGetValue(key, out var have))
            {
                if (have.Reschedule(want.Due, clock) is { } rescheduled)
                {
                    db.PublishToOutbox(rescheduled, clock, have.Id.ToString());
                    moved++;
                }
                continue;
            }
            if (want.Due.Utc <= openIfDueAfter) continue;
            var obligation = Obligation.Open(want.AgencyCode, want.Subject, want.SubjectId, want.SubjectCode,
                want.Title, want.Period, want.Due, want.Measure, want.PlanId, clock);
            db.Obligations.Add(obligation);
            db.PublishToOutbox(obligation.ToOpenedEvent(), clock, obligation.Id.ToString());
            opened++;
        }

        foreach (var stale in existing.Where(o => !wanted.ContainsKey((o.AgencyCode, o.Subject, o.SubjectId, o.Period))))
        {
            if (stale.Cancel(cancelReason, clock) is { } evt)
            {
                db.PublishToOutbox(evt, clock, stale.Id.ToString());
                cancelled++;
            }
        }

        if (opened + moved + cancelled > 0)
            logger.LogInformation("Obligations reconciled: {Opened} opened, {Moved} rescheduled, {Cancelled} cancelled",
                opened, moved, cancelled);
        return new LedgerChanges(opened, moved, cancelled);
    }

    /// <summary>An agency was deactivated: what it still owed is cancelled.</summary>
    public async Task<int> CancelOpenForAgencyAsync(string agencyCode, string reason, CancellationToken ct)
    {
        var open = await db.Obligations.Where(o => o.AgencyCode == agencyCode && o.Status == ObligationStatus.Open).ToListAsync(ct);
        foreach (var o in open)
        {
            if (o.Cancel(reason, clock) is { } evt) db.PublishToOutbox(evt, clock, o.Id.ToString());
        }
        return open.Count;
    }

    /// <summary>Cancels every open obligation that arose from a plan (it was superseded, or its consultation closed).</summary>
    public async Task<int> CancelOpenAsync(Guid planId, ObligationSubject? subject, string reason, CancellationToken ct)
    {
        var open = await db.Obligations
            .Where(o => o.PlanId == planId && o.Status == ObligationStatus.Open && (subject == null || o.Subject == subject))
            .ToListAsync(ct);
        foreach (var o in open)
        {
            if (o.Cancel(reason, clock) is { } evt) db.PublishToOutbox(evt, clock, o.Id.ToString());
        }
        return open.Count;
    }
}

public sealed record LedgerChanges(int Opened, int Rescheduled, int Cancelled);
