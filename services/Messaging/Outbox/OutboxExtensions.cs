namespace DxTrack.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Queues <paramref name="message"/> for publishing. It is stored by the caller's next
    /// <c>SaveChanges</c>, in the same transaction as the state change, and published after commit.
    /// </summary>
    /// <param name="aggregateKey">Events with the same key are published in the order they were written.</param>
    public static OutboxMessage PublishToOutbox<T>(this IMessagingDbContext db, T message, TimeProvider clock,
        string? aggregateKey = null) where T : class
    {
        var row = OutboxRows.For(message, clock, aggregateKey);
        db.OutboxMessages.Add(row);
        return row;
    }
}
