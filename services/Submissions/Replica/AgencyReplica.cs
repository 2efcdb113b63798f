using DxTrack.Contracts;

namespace DxTrack.Submissions.Replica;

/// <summary>What this service knows of an agency: enough to count only active agencies in compliance.</summary>
public sealed class AgencyReplica
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AgencyKind Kind { get; private set; }
    public string? ParentCode { get; private set; }
    public bool IsActive { get; private set; }

    /// <summary>When the agency stopped being active; obligations due before then still count.</summary>
    public DateTimeOffset? InactiveSince { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public static AgencyReplica From(AgencyChanged e)
    {
        var agency = new AgencyReplica { Code = e.AgencyCode, Version = -1 };
        agency.Apply(e);
        return agency;
    }

    /// <summary>Applies a change unless it is older than what the replica already holds.</summary>
    public void Apply(AgencyChanged e)
    {
        if (e.Version <= Version) return;
        Name = e.Name;
        Kind = e.Kind;
        ParentCode = e.ParentCode;
        if (IsActive && !e.IsActive) InactiveSince = e.ChangedAt;
        else if (e.IsActive) InactiveSince = null;
        else InactiveSince ??= e.ChangedAt;
        IsActive = e.IsActive;
        Version = e.Version;
        ChangedAt = e.ChangedAt;
    }

    /// <summary>An obligation due at <paramref name="dueAt"/> counts if the agency was active then.</summary>
    public bool WasActiveAt(DateTimeOffset dueAt) => IsActive || InactiveSince > dueAt;
}
