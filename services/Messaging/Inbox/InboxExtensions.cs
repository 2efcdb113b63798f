using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging.Inbox;

public static class InboxExtensions
{
    /// <summary>
    /// Applies <paramref name="handle"/> to a message at most once per consumer: the inbox record and
    /// the handler's changes (including any events it queues in the outbox) commit in one transaction.
    /// A copy of a message already applied returns <c>false</c> and changes nothing.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync<TDb>(this TDb db, ConsumeContext context, string consumer,
        TimeProvider clock, Func<CancellationToken, Task> handle)
        where TDb : DbContext, IMessagingDbContext
    {
        var messageId = context.MessageId
                        ?? throw new InvalidOperationException("A message without a MessageId cannot be deduplicated.");
        var ct = context.CancellationToken;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginUnitAsync(ct);

            // A concurrent copy blocks on the key until this transaction ends, then sees the row.
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING",
                ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }

            await handle(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>
    /// Applies <paramref name="handle"/> once to the messages of a batch that this consumer has not applied yet, in one
    /// transaction with their inbox records; copies (earlier deliveries, or the same message twice in the batch) are
    /// left out of the list it is given. Returns how many messages were applied.
    /// </summary>
    /// <remarks>
    /// The inbox keys are claimed in one statement, in key order, so two batches that share messages (two instances
    /// of a service, say) wait for each other instead of deadlocking.
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
