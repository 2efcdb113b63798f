using DxTrack.Contracts;

namespace DxTrack.Notifications.Obligations;

/// <summary>What an agency owes and by when, as far as reminders are concerned.</summary>
public sealed class ObligationReplica
{
    ObligationReplica() { }

    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public ObligationSubject Subject { get; private set; }
    public string SubjectCode { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Period { get; private set; } = "";

    /// <summary>End of the due day in Asia/Ho_Chi_Minh; null while only the obligation's cancellation is known.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>
    /// When the due instant was set (the opening, or the latest reschedule applied), so a reschedule that arrives
    /// after a newer one changes nothing. Null for rows kept from before it was recorded, and while only a
    /// cancellation is known.
    /// </summary>
    public DateTimeOffset? DueChangedAt { get; private set; }

    /// <summary>When a returned report must be fixed by, if the reviewer set a date.</summary>
    public DateTimeOffset? FixBy { get; private set; }

    public ObligationStatus Status { get; private set; }
    public DateTimeOffset? FulfilledAt { get; private set; }

    /// <summary>Highest submission revision seen, so a late copy of an older revision changes nothing.</summary>
    public int LastRevision { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The deadline reminders count down to: the fix date of a returned report, else the due instant.</summary>
    public DateTimeOffset Deadline => FixBy ?? DueAt
        ?? throw new InvalidOperationException($"Obligation {Id} is known only as cancelled; it has no deadline.");

    public static ObligationReplica Open(ObligationOpened e) => new()
    {
        Id = e.ObligationId,
        AgencyCode = e.AgencyCode,
        Subject = e.Subject,
        SubjectCode = e.SubjectCode,
        Title = e.Title,
        Period = e.Period,
        DueAt = e.DueAt,
        DueChangedAt = e.OpenedAt,
        Status = ObligationStatus.Open,
        UpdatedAt = e.OpenedAt,
    };

    /// <summary>
    /// A cancellation that overtook the obligation's opening (they come from one outbox but may be consumed in
    /// any order). The row stands for the obligation, so its opening, when it arrives, finds it cancelled.
    /// </summary>
    public static ObligationReplica CancelledBeforeOpened(ObligationCancelled e) => new()
    {
        Id = e.ObligationId,
        AgencyCode = e.AgencyCode,
        Status = ObligationStatus.Cancelled,
        UpdatedAt = e.CancelledAt,
    };

    /// <summary>
    /// The opening of an obligation already known (as cancelled, say): fills in what it is, changes nothing
    /// about whether it is owed.
    /// </summary>
    public void Describe(ObligationOpened e)
    {
        Subject = e.Subject;
        SubjectCode = e.SubjectCode;
        Title = e.Title;
        Period = e.Period;
        MoveDue(e.DueAt, e.OpenedAt);
    }

    /// <summary>
    /// The due instant moved. Returns false, changing nothing, for a move older than the one already applied
    /// (two reschedules consumed out of order: the later decision stands).
    /// </summary>
    public bool Reschedule(DateTimeOffset dueAt, DateTimeOffset at)
    {
        if (!MoveDue(dueAt, at)) return false;
        UpdatedAt = at;
        return true;
    }

    bool MoveDue(DateTimeOffset dueAt, DateTimeOffset at)
    {
        if (DueChangedAt is { } last && at < last) return false;
        DueAt = dueAt;
        DueChangedAt = at;
        return true;
    }

    /// <summary>A report arrived. Returns false when it changes nothing (cancelled, or an older revision).</summary>
    public bool Fulfil(int revision, DateTimeOffset at)
    {
        if (Status == ObligationStatus.Cancelled || revision < LastRevision) return false;
        LastRevision = revision;
        Status = ObligationStatus.Fulfilled;
        FulfilledAt = at;
        UpdatedAt = at;
        return true;
    }

    /// <summary>The report was returned for a fix: owed again. False when a newer revision already arrived.</summary>
    public bool Reopen(int revision, DateTimeOffset? fixBy, DateTimeOffset at)
    {
        if (Status == ObligationStatus.Cancelled || revision < LastRevision) return false;
        LastRevision = revision;
        Status = ObligationStatus.Open;
        FixBy = fixBy;
        FulfilledAt = null;
        UpdatedAt = at;
        return true;
    }

    /// <summary>
    /// A revision that leaves the obligation as it is (a returned correction of an accepted report) was heard of.
    /// False when it is older than one already seen, or the obligation is cancelled.
    /// </summary>
    public bool NoteRevision(int revision, DateTimeOffset at)
    {
        if (Status == ObligationStatus.Cancelled || revision < LastRevision) return false;
        LastRevision = revision;
        UpdatedAt = at;
        return true;
    }

    public bool Cancel(DateTimeOffset at)
    {
        if (Status == ObligationStatus.Cancelled) return false;
        Status = ObligationStatus.Cancelled;
        UpdatedAt = at;
        return true;
    }
}
