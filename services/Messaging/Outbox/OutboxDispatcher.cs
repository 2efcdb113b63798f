using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DxTrack.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows to the broker and marks them dispatched.
/// </summary>
/// <remarks>
/// One dispatcher of a service publishes at a time: each round holds a transaction-scoped
/// PostgreSQL advisory lock and the rows it took are locked <c>FOR UPDATE</c>, so two instances
/// never publish the same row and one aggregate's events keep their order. A row is marked only
/// after the broker confirmed it; if the process dies in between, the row is published again
/// with the same message id and consumers' inboxes drop the copy.
/// </remarks>
public sealed class OutboxDispatcher<TDb>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService
    where TDb : DbContext, IMessagingDbContext
{
    static readonly ActivitySource Source = new("DxTrack.Messaging");

    // One lock id per service database: the hash of the context type name, stable across processes.
    public static readonly long LockId = AdvisoryLockKey.For("outbox:" + typeof(TDb).FullName);

    readonly OutboxOptions _options = options.Value;
    DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = _options.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int published, total = 0;
                do total += published = await DispatchOnceAsync(stoppingToken);
                while (published == _options.BatchSize);

                await CleanupIfDueAsync(stoppingToken);
                backoff = _options.InitialBackoff;
                // Under load a commit wakes the dispatcher while the next ones are on their way: waiting a few
                // milliseconds lets a round take them all, instead of a round (a transaction) per event. Real time, as
                // the poll's: it is about the machine's work, not about the business clock a test may stop.
                if (await signal.WaitAsync(_options.PollInterval, stoppingToken) && total > 0
                    && _options.CollectionWindow > TimeSpan.Zero)
                    await Task.Delay(_options.CollectionWindow, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch failed; retrying in {Backoff}", backoff);
                try { await Task.Delay(backoff, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Publishes one batch of pending rows; returns how many were published.</summary>
    /// <remarks>
    /// The round's own statements (the lock, the claim, the marks) are not traced: a round that finds nothing, once a
    /// second in every service, would otherwise be a trace of its own. Each publish continues the trace of the
    /// request that wrote its row.
    /// </remarks>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            List<OutboxMessage> rows;
            var untraced = SuppressInstrumentationScope.Begin();
            await using var tx = await db.Database.BeginUnitAsync(ct);
            try
            {
                var locked = await db.Database
                    .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockId}) AS \"Value\"")
                    .SingleAsync(ct);
                if (!locked) return 0; // another instance is dispatching

                rows = await db.OutboxMessages
                    .FromSqlRaw($"SELECT * FROM {MessagingModel.OutboxTable} WHERE dispatched_at IS NULL " +
                                "ORDER BY sequence LIMIT {0} FOR UPDATE", _options.BatchSize)
                    .AsNoTracking()
                    .ToListAsync(ct);
                if (rows.Count == 0) return 0;
            }
            finally
            {
                untraced.Dispose();
            }

            var (published, failures) = await PublishAsync(rows, ct);
            using (SuppressInstrumentationScope.Begin())
            {
                await MarkAsync(db, published, failures, clock.GetUtcNow(), ct);
                await tx.CommitAsync(ct);
            }

            if (failures.Count > 0)
                throw new OutboxDispatchException(
                    $"Published {published.Count} of {rows.Count} outbox messages; the rest wait for the broker.", failures[0].Error);
            return published.Count;
        });
    }

    /// <summary>
    /// The round's rows that the broker confirmed, marked dispatched in one statement whatever their number; the row
    /// that stopped each failed chain counts an attempt and keeps its error for the operator.
    /// </summary>
    static async Task MarkAsync(TDb db, List<long> published, List<(long Sequence, Exception Error)> failures,
        DateTimeOffset now, CancellationToken ct)
    {
        if (published.Count > 0)
        {
            var sequences = published.ToArray();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outbox_messages SET dispatched_at = {now}, last_error = NULL WHERE sequence = ANY({sequences})", ct);
        }
        if (failures.Count > 0)
        {
            var sequences = failures.Select(f => f.Sequence).ToArray();
            var errors = failures.Select(f => Truncate(f.Error.Message, 2000)).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_messages AS o SET attempts = o.attempts + 1, last_error = f.error
                FROM unnest({sequences}, {errors}) AS f(sequence, error) WHERE o.sequence = f.sequence
                """, ct);
        }
    }

    // Rows of one aggregate are published one after another, each awaiting its confirm; every aggregate of
    // the round is in flight at once. A confirm waits for the broker to write the message to disk, which under
    // load (consumers busy on the same machine) takes hundreds of milliseconds, so a round's throughput is how
    // many messages await their confirms together. The first failure in a chain stops that chain so no later
    // event of the aggregate overtakes it.
    async Task<(List<long> Published, List<(long Sequence, Exception Error)> Failures)> PublishAsync(
        List<OutboxMessage> rows, CancellationToken ct)
    {
        var failures = new List<(long Sequence, Exception Error)>();
        var published = new List<long>(rows.Count);
        await Task.WhenAll(rows.GroupBy(r => r.AggregateKey ?? r.MessageId.ToString()).Select(PublishChainAsync));
        return (published, failures);

        async Task PublishChainAsync(IEnumerable<OutboxMessage> chain)
        {
            foreach (var row in chain)
            {
                try
                {
                    await PublishRowAsync(row, ct);
                    lock (published) published.Add(row.Sequence);
                }
                catch (Exception ex)
                {
                    lock (published) failures.Add((row.Sequence, ex));
                    return;
                }
            }
        }
    }

    async Task PublishRowAsync(OutboxMessage row, CancellationToken ct)
    {
        var type = MessageJson.ResolveType(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
                      ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty body.");

        // Continue the trace of the request that wrote the event.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("outbox dispatch", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        Correlation.Continue(activity, row.CorrelationId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, ctx =>
        {
            ctx.MessageId = row.MessageId;
            if (row.CorrelationId is not null) ctx.Headers.Set(Correlation.Header, row.CorrelationId);
        }, timeout.Token);
    }

    async Task CleanupIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCleanup) return;
        _nextCleanup = now + TimeSpan.FromMinutes(10);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var cutoff = now - _options.Retention;
        // Housekeeping, not a trace: its log line says what it removed.
        using var untraced = SuppressInstrumentationScope.Begin();
        var outbox = await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff)
            .ExecuteDeleteAsync(ct);
        var inbox = await db.InboxMessages.Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(ct);
        if (outbox + inbox > 0)
            logger.LogInformation("Removed {Outbox} dispatched outbox rows and {Inbox} inbox records older than {Cutoff}",
                outbox, inbox, cutoff);
    }

    static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
