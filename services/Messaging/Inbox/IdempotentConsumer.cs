using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTrack.Messaging.Inbox;

/// <summary>
/// A consumer whose changes are applied once per message, however often the broker delivers it.
/// Derived classes change the <see cref="Db"/> in <see cref="Apply"/> and do not save: the base
/// saves the changes together with the inbox record.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TDb>(TDb db, TimeProvider clock, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDb : DbContext, IMessagingDbContext
{
    protected TDb Db { get; } = db;
    protected TimeProvider Clock { get; } = clock;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        // The id of the request that started it all: on the trace, in every log line, and on what this writes to the outbox.
        using var scope = Correlation.Continue(context, logger);
        var applied = await Db.ProcessOnceAsync([context], GetType().Name, Clock, (_, ct) => Apply(context.Message, ct),
            context.CancellationToken);
        if (applied == 0)
            logger.LogInformation("Message {MessageId} already applied by {Consumer}; skipped",
                context.MessageId, GetType().Name);
        await AfterCommit(context.Message, context.CancellationToken);
    }

    protected abstract Task Apply(TMessage message, CancellationToken ct);

    /// <summary>
    /// Work outside the database that must follow the committed change (a cache eviction, say). It runs
    /// after every delivery, copies included, so it must be safe to repeat.
    /// </summary>
    protected virtual Task AfterCommit(TMessage message, CancellationToken ct) => Task.CompletedTask;
}
