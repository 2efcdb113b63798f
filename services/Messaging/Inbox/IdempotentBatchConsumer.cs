using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTrack.Messaging.Inbox;

/// <summary>
/// A consumer that applies the messages of a batch in one transaction, each once however often the broker delivers
/// it. For events that come in bulk and are cheap to apply, such as the obligations of a newly approved plan (one per
/// agency, indicator and period): per-message work (a transaction, its inbox row, a commit) is paid once per batch.
/// Register it with <see cref="MessagingRegistration.AddBatchConsumer{TConsumer}"/>; the batch's size and wait are
/// <see cref="MessagingOptions.BatchMessageLimit"/> and <see cref="MessagingOptions.BatchTimeLimit"/>.
/// </summary>
/// <remarks>
/// A batch whose transaction fails for a reason of its own (not the database being away, which the retries wait out
/// as they do for single messages) is applied again one message at a time, each in its own transaction. The messages
/// that apply are acknowledged; only those that fail again are retried and, after the last try, parked in the
/// queue's <c>_error</c> queue, as <see cref="IdempotentConsumer{TMessage,TDb}"/>'s are.
/// </remarks>
public abstract class IdempotentBatchConsumer<TMessage, TDb>(TDb db, TimeProvider clock, ILogger logger)
    : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TDb : DbContext, IMessagingDbContext
{
    protected TDb Db { get; } = db;
    protected TimeProvider Clock { get; } = clock;

    // Each message's correlation id, for CorrelationOf: the messages are the batch's own instances.
    readonly Dictionary<TMessage, string?> _correlations = new(ReferenceEqualityComparer.Instance);

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var batch = context.Message.ToList();
        var consumer = GetType().Name;
        var ct = context.CancellationToken;
        foreach (var message in batch) _correlations.TryAdd(message.Message, Correlation.Of(message));
        // A batch of one (the usual case while queues are short) is logged and traced as a single message is.
        using var scope = batch.Count == 1 ? Correlation.Continue(batch[0], logger) : null;
        try
        {
            var applied = await Db.ProcessOnceAsync(batch, consumer, Clock, Apply, ct);
            if (applied < batch.Count)
                logger.LogInformation("{Skipped} of {Count} messages already applied by {Consumer}; skipped",
                    batch.Count - applied, batch.Count, consumer);
            await AfterCommit(batch.Select(m => m.Message).ToList(), ct);
            return;
        }
        catch (Exception e) when (batch.Count > 1 && !DatabaseFailures.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "A batch of {Count} messages failed in {Consumer}; applying them one at a time",
                batch.Count, consumer);
        }

        var applies = new List<(ConsumeContext<TMessage> Message, TimeSpan Took)>();
        ExceptionDispatchInfo? failure = null;
        foreach (var message in batch)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await ApplyAloneAsync(message, consumer, ct);
                applies.Add((message, Stopwatch.GetElapsedTime(started)));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Message {MessageId} failed in {Consumer}", message.MessageId, consumer);
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }
        if (applies.Count > 0) await AfterCommit(applies.Select(a => a.Message.Message).ToList(), ct);
        if (failure is null) return;

        // Acknowledged now: the batch's failure below then faults (retries, parks) only the messages that failed.
        foreach (var (message, took) in applies) await message.NotifyConsumed(message, took, consumer);
        failure.Throw();
    }

    // A method of its own, so the message's correlation id does not outlive it (async locals flow in, not back).
    async Task ApplyAloneAsync(ConsumeContext<TMessage> message, string consumer, CancellationToken ct)
    {
        using var scope = Correlation.Continue(message, logger);
        await Db.ProcessOnceAsync([message], consumer, Clock, Apply, ct);
    }

    /// <summary>
    /// The correlation id <paramref name="message"/> came with. Changes of several messages are saved together, so an
    /// audited entity changed for a message is given its id with <see cref="Audit.AuditCorrelation.Attribute"/>.
    /// </summary>
    protected string? CorrelationOf(TMessage message) => _correlations.GetValueOrDefault(message);

    /// <summary>Changes the <see cref="Db"/> for these messages, in delivery order; the base saves them with the inbox records.</summary>
    protected abstract Task Apply(IReadOnlyList<TMessage> messages, CancellationToken ct);

    /// <summary>
    /// Work outside the database that must follow the committed change (a cache eviction, say), once per batch for
    /// the messages that are now applied, copies included, so it must be safe to repeat.
    /// </summary>
    protected virtual Task AfterCommit(IReadOnlyList<TMessage> messages, CancellationToken ct) => Task.CompletedTask;
}
