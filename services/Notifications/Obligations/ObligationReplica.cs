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

    /// <summary>End of the due day in Asia/Ho_Chi_Minh.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When a returned report must be fixed by, if the reviewer set a date.</summary>
    public DateTimeOffset? FixBy { get; private set; }

    public ObligationStatus Status { get; private set; }
    public DateTimeOffset? FulfilledAt { get; private set; }

    /// <summary>Highest submission revision seen, so a late copy of an older revision changes nothing.</summary>
    public int LastRevision { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The deadline reminders count down to: the fix date of a returned report, else the due instant.</summary>
    public DateTimeOffset Deadline => FixBy ?? DueAt;

    public static ObligationReplica Open(ObligationOpened e) => new()
    {
        Id = e.ObligationId,
        AgencyCode = e.AgencyCode,
        Subject = e.Subject,
        SubjectCode = e.SubjectCode,
        Title = e.Title,
        Period = e.Period,
        DueAt = e.DueAt,
        Status = ObligationStatus.Open,
        UpdatedAt = e.OpenedAt,
    };

    public void Reschedule(DateTimeOffset dueAt, DateTimeOffset at)
    {
        DueAt = dueAt;
        UpdatedAt = at;
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

    public bool Cancel(DateTimeOffset at)
    {
        if (Status == ObligationStatus.Cancelled) return false;
        Status = ObligationStatus.Cancelled;
        UpdatedAt = at;
        return true;
    }
}
