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
}
