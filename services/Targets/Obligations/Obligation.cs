using DxTrack.Contracts;
using DxTrack.Messaging.Audit;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Obligations;

/// <summary>What an agency owes (a report on an indicator, task or draft plan) for a period, and by when.</summary>
public sealed class Obligation : IAudited
{
    Obligation() { }

    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public ObligationSubject Subject { get; private set; }
    public Guid SubjectId { get; private set; }
    public string SubjectCode { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Period { get; private set; } = "";
    public DateTimeOffset DueAt { get; private set; }
    public Measure? Measure { get; private set; }

    /// <summary>The plan that gave rise to it, so superseding the plan can cancel what is still open.</summary>
    public Guid? PlanId { get; private set; }
    public ObligationStatus Status { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? FulfilledAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }

    public static Obligation Open(string agencyCode, ObligationSubject subject, Guid subjectId, string subjectCode,
        string title, Period period, DueInstant due, Measure? measure, Guid? planId, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        AgencyCode = agencyCode,
        Subject = subject,
        SubjectId = subjectId,
        SubjectCode = subjectCode,
        Title = title,
        Period = period.Key,
        DueAt = due.Utc,
        Measure = measure,
        PlanId = planId,
        Status = ObligationStatus.Open,
        OpenedAt = clock.GetUtcNow(),
    };

    public bool IsOverdue(DateTimeOffset now) => Status == ObligationStatus.Open && now > DueAt;

    /// <summary>A report arrived. Returns false if nothing changed (already fulfilled or cancelled).</summary>
    public bool Fulfil(DateTimeOffset at)
    {
        if (Status != ObligationStatus.Open) return false;
        Status = ObligationStatus.Fulfilled;
        FulfilledAt = at;
        return true;
    }

    /// <summary>The report was returned for a fix: the agency owes it again.</summary>
    public bool Reopen()
    {
        if (Status != ObligationStatus.Fulfilled) return false;
        Status = ObligationStatus.Open;
        FulfilledAt = null;
        return true;
    }

    public ObligationCancelled? Cancel(string reason, TimeProvider clock)
    {
        if (Status != ObligationStatus.Open) return null;
        Status = ObligationStatus.Cancelled;
        CancelledAt = clock.GetUtcNow();
        CancelReason = reason;
        return new ObligationCancelled(Id, AgencyCode, reason, CancelledAt.Value);
    }

    /// <summary>Moves the deadline of an obligation still owed; answered ones keep the deadline they were judged by.</summary>
    public ObligationRescheduled? Reschedule(DueInstant due, TimeProvider clock)
    {
        if (Status != ObligationStatus.Open || DueAt == due.Utc) return null;
        var previous = DueAt;
        DueAt = due.Utc;
        return new ObligationRescheduled(Id, AgencyCode, previous, DueAt, clock.GetUtcNow());
    }

    public ObligationOpened ToOpenedEvent() =>
        new(Id, AgencyCode, Subject, SubjectId, SubjectCode, Title, Period, DueAt, Measure, OpenedAt);
}
