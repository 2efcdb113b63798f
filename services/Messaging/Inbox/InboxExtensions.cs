using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging.Inbox;

public static class InboxExtensions
{
    /// <summary>
    /// Applies <paramref name="handle"/> once per consumer to the messages (one, or a batch) that it has not applied yet:
    /// their inbox records and the handler's changes (including any events it queues in the outbox) commit in one
    /// transaction. Copies (earlier deliveries, or the same message twice in a batch) are left out of the list it is
    /// given, and when nothing is left it is not called and nothing changes. Returns how many messages were applied.
    /// </summary>
    /// <remarks>
    /// A concurrent copy blocks on its key until this transaction ends, then sees the row. The keys are claimed in one
    /// statement, in key order, so two batches that share messages (two instances of a service, say) wait for each
    /// other instead of deadlocking.
    /// </remarks>
    public static async Task<int> ProcessOnceAsync<TDb, TMessage>(this TDb db, IReadOnlyList<ConsumeContext<TMessage>> batch,
        string consumer, TimeProvider clock, Func<IReadOnlyList<TMessage>, CancellationToken, Task> handle, CancellationToken ct)
        where TDb : DbContext, IMessagingDbContext
        where TMessage : class
    {
        var ids = batch.Select(m => m.MessageId
                                    ?? throw new InvalidOperationException("A message without a MessageId cannot be deduplicated."))
            .ToArray();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginUnitAsync(ct);

            var claimed = (await db.Database.SqlQuery<Guid>(
                    $"""
                     INSERT INTO inbox_messages (message_id, consumer, processed_at)
                     SELECT id, {consumer}, {clock.GetUtcNow()} FROM (SELECT DISTINCT unnest({ids}) AS id ORDER BY 1) AS batch
                     ON CONFLICT DO NOTHING RETURNING message_id AS "Value"
                     """).ToListAsync(ct))
                .ToHashSet();
            if (claimed.Count == 0)
            {
                await tx.RollbackAsync(ct);
                return 0;
            }

            // In delivery order, each message once.
            var fresh = batch.Where(m => claimed.Remove(m.MessageId!.Value)).Select(m => m.Message).ToList();
            await handle(fresh, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return fresh.Count;
        });
    }
}
