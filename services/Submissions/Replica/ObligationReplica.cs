using DxTrack.Contracts;

namespace DxTrack.Submissions.Replica;

/// <summary>What this service knows of an obligation, kept from Targets' events.</summary>
public sealed class ObligationReplica
{
    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public ObligationSubject Subject { get; private set; }
    public Guid SubjectId { get; private set; }
    public string SubjectCode { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Period { get; private set; } = "";
    public DateTimeOffset DueAt { get; private set; }
    public Measure? Measure { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When the due instant last moved; older reschedules arriving late are ignored.</summary>
    public DateTimeOffset DueChangedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }

    public bool IsCancelled => CancelledAt is not null;

    public static ObligationReplica From(ObligationOpened e) => new()
    {
        Id = e.ObligationId,
        AgencyCode = e.AgencyCode,
        Subject = e.Subject,
        SubjectId = e.SubjectId,
        SubjectCode = e.SubjectCode,
        Title = e.Title,
        Period = e.Period,
        DueAt = e.DueAt,
        Measure = e.Measure,
        OpenedAt = e.OpenedAt,
        DueChangedAt = e.OpenedAt,
    };

    /// <summary>A replica as stored, read without EF Core (a report's first read).</summary>
    internal static ObligationReplica Stored(Guid id, string agencyCode, ObligationSubject subject, Guid subjectId,
        string subjectCode, string title, string period, DateTimeOffset dueAt, Measure? measure, DateTimeOffset openedAt,
        DateTimeOffset dueChangedAt, DateTimeOffset? cancelledAt, string? cancelReason) => new()
    {
        Id = id,
        AgencyCode = agencyCode,
        Subject = subject,
        SubjectId = subjectId,
        SubjectCode = subjectCode,
        Title = title,
        Period = period,
        DueAt = dueAt,
        Measure = measure,
        OpenedAt = openedAt,
        DueChangedAt = dueChangedAt,
        CancelledAt = cancelledAt,
        CancelReason = cancelReason,
    };

    /// <summary>A copy of the opening event (sent again, say) refreshes the descriptive fields.</summary>
    public void Refresh(ObligationOpened e)
    {
        Title = e.Title;
        SubjectCode = e.SubjectCode;
        Measure = e.Measure;
        if (e.OpenedAt >= DueChangedAt)
        {
            DueAt = e.DueAt;
            DueChangedAt = e.OpenedAt;
        }
    }

    public void Reschedule(DateTimeOffset dueAt, DateTimeOffset at)
    {
        if (at < DueChangedAt) return;
        DueAt = dueAt;
        DueChangedAt = at;
    }

    public void Cancel(string reason, DateTimeOffset at)
    {
        CancelledAt ??= at;
        CancelReason ??= reason;
    }

    /// <summary>Whether the obligation is past due at <paramref name="now"/>.</summary>
    public bool IsDueBy(DateTimeOffset now) => DueAt <= now;
}
