namespace DxTrack.Messaging.Inbox;

/// <summary>
/// A message a consumer has applied. Written in the same transaction as the consumer's change,
/// so a redelivered copy finds it and changes nothing.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    /// <summary>Each consumer of a message records it separately.</summary>
    public required string Consumer { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
