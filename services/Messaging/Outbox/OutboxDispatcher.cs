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
                int published;
                do published = await DispatchOnceAsync(stoppingToken);
                while (published == _options.BatchSize);

                await CleanupIfDueAsync(stoppingToken);
                backoff = _options.InitialBackoff;
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
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
                    .ToListAsync(ct);
                if (rows.Count == 0) return 0;
            }
            finally
            {
                untraced.Dispose();
            }

            var failure = await PublishAsync(rows, ct);
            using (SuppressInstrumentationScope.Begin())
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }

            var published = rows.Count(r => r.DispatchedAt is not null);
            if (failure is not null)
                throw new OutboxDispatchException(
                    $"Published {published} of {rows.Count} outbox messages; the rest wait for the broker.", failure);
            return published;
        });
    }

    // Rows of one aggregate are published one after another, each awaiting its confirm; every aggregate of
    // the round is in flight at once. A confirm waits for the broker to write the message to disk, which under
    // load (consumers busy on the same machine) takes hundreds of milliseconds, so a round's throughput is how
    // many messages await their confirms together. The first failure in a chain stops that chain so no later
    // event of the aggregate overtakes it.
    async Task<Exception?> PublishAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        Exception? failure = null;
        await Task.WhenAll(rows.GroupBy(r => r.AggregateKey ?? r.MessageId.ToString()).Select(PublishChainAsync));
        return failure;

        async Task PublishChainAsync(IEnumerable<OutboxMessage> chain)
        {
            foreach (var row in chain)
            {
                try
                {
                    await PublishRowAsync(row, ct);
                    row.DispatchedAt = clock.GetUtcNow();
                    row.LastError = null;
                }
                catch (Exception ex)
                {
                    row.Attempts++;
                    row.LastError = Truncate(ex.Message, 2000);
                    Interlocked.CompareExchange(ref failure, ex, null);
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
