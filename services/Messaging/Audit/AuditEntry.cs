namespace DxTrack.Messaging.Audit;

/// <summary>One change to one audited entity.</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public DateTimeOffset At { get; init; }

    /// <summary>The caller's subject, or <c>system:{component}</c> for changes made by consumers and jobs.</summary>
    public required string Actor { get; init; }
    public string? Role { get; init; }
    public string? AgencyCode { get; init; }

    /// <summary><c>Added</c>, <c>Modified</c> or <c>Deleted</c>.</summary>
    public required string Change { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }

    /// <summary>The request that caused it (<c>METHOD /path</c>), or the consumer's name.</summary>
    public string? Operation { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Changed properties before the change, as JSON (null when added).</summary>
    public string? Before { get; init; }

    /// <summary>Changed properties after the change, as JSON (null when deleted).</summary>
    public string? After { get; init; }
}
