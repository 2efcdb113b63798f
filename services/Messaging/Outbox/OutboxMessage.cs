namespace DxTrack.Messaging.Outbox;

/// <summary>
/// An integration event written in the same transaction as the state change that caused it,
/// waiting for the dispatcher to publish it to the broker.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Commit order; the dispatcher publishes in this order.</summary>
    public long Sequence { get; private set; }

    /// <summary>The broker message id; consumers' inboxes deduplicate on it.</summary>
    public Guid MessageId { get; init; }

    /// <summary>Contract type, as <c>Namespace.Type, Assembly</c>.</summary>
    public required string MessageType { get; init; }

    /// <summary>The event as JSON.</summary>
    public required string Body { get; init; }

    /// <summary>Events with the same key (one aggregate) are published strictly in order.</summary>
    public string? AggregateKey { get; init; }

    /// <summary>W3C trace parent of the request that wrote the event, so the trace continues.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The correlation id of the request (or message) that wrote the event, sent on as a header.</summary>
    public string? CorrelationId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set once the broker confirmed the publish.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
