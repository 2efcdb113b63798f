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

    /// <summary>
    /// The highest report revision heard of (received, returned or accepted); 0 before the first. Submission events
    /// may arrive out of order, so one about an older revision than this changes nothing.
    /// </summary>
    public int LastRevision { get; private set; }

    /// <summary>Whether <see cref="LastRevision"/> was returned for a fix.</summary>
    public bool LastRevisionReturned { get; private set; }

    /// <summary>The highest accepted revision, if any: while one stands, the report is not owed again.</summary>
    public int? AcceptedRevision { get; private set; }

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

    /// <summary>
    /// A revision of the report arrived: the obligation is answered. A revision older than one already heard of, or one
    /// whose return already arrived, changes nothing. Returns whether the status changed.
    /// </summary>
    public bool Receive(int revision, DateTimeOffset at)
    {
        if (revision < LastRevision || (revision == LastRevision && LastRevisionReturned)) return false;
        LastRevision = revision;
        return Fulfil(at);
    }

    /// <summary>
    /// A revision was returned for a fix: the agency owes the report again — unless a newer revision was already sent,
    /// or a revision was accepted (a returned correction leaves the accepted one standing). Returns whether the status changed.
    /// </summary>
    public bool Return(int revision)
    {
        if (revision < LastRevision) return false;
        LastRevision = revision;
        LastRevisionReturned = true;
        if (AcceptedRevision is not null || Status != ObligationStatus.Fulfilled) return false;
        Status = ObligationStatus.Open;
        FulfilledAt = null;
        return true;
    }

    /// <summary>A revision was accepted: the obligation is answered for good. Returns whether the status changed.</summary>
    public bool Accept(int revision, DateTimeOffset at)
    {
        if (AcceptedRevision is not { } accepted || revision > accepted) AcceptedRevision = revision;
        if (revision > LastRevision)
        {
            LastRevision = revision;
            LastRevisionReturned = false;
        }
        return Fulfil(at);
    }

    bool Fulfil(DateTimeOffset at)
    {
        if (Status != ObligationStatus.Open) return false;
        Status = ObligationStatus.Fulfilled;
        FulfilledAt = at;
        return true;
    }

    /// <summary>
    /// The plan was revised: an answered obligation passes to the new version's indicator or task of the same code. It
    /// keeps its id (Submissions and Notifications know it by that), its deadline and its history, so the agency does not
    /// owe the same report twice and a later correction of it still reaches it. Returns false unless it was answered.
    /// </summary>
    public bool CarryOver(Guid subjectId, Guid planId)
    {
        if (Status != ObligationStatus.Fulfilled) return false;
        SubjectId = subjectId;
        PlanId = planId;
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
