using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging.Tests;

public sealed class OutboxTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    TestVirtualHost _vhost = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("outbox");
        _vhost = await TestVirtualHost.CreateAsync("outbox");
        await using var raw = RawDb.Open(_db);
        await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task An_event_is_stored_in_the_same_transaction_as_the_state_change()
    {
        await using (var db = RawDb.Open(_db))
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var id = Guid.NewGuid();
            db.Widgets.Add(new Widget { Id = id, Name = "rolled back" });
            db.PublishToOutbox(new WidgetChanged(id, 1), TimeProvider.System, id.ToString());
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
        }
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets"));

        await using (var db = RawDb.Open(_db))
        {
            var id = Guid.NewGuid();
            db.Widgets.Add(new Widget { Id = id, Name = "kept" });
            db.PublishToOutbox(new WidgetChanged(id, 1), TimeProvider.System, id.ToString());
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL"));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets"));
    }

    [Fact]
    public async Task Events_committed_before_a_crash_are_published_once_after_restart()
    {
        // The "crashed" process: committed state and events, never dispatched.
        var ids = await CommitEventsAsync(aggregates: 3, perAggregate: 5);

        await using var probe = await MessagingHost.StartAsync(_db, _vhost, "probe",
            bus => bus.AddConsumer<RecordWidgetChangedConsumer>(typeof(RecordWidgetChangedConsumerDefinition)));
        await using var restarted = await MessagingHost.StartAsync(_db, _vhost, "publisher");

        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
            because: "the restarted dispatcher should publish every pending row");
        await PublishSentinelAndWaitAsync(restarted, probe);

        var received = probe.Recorder.Received.Where(r => !IsSentinel(r.Message)).ToList();
        Assert.Equal(15, received.Count);
        Assert.Equal(15, received.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(ids.Order(), received.Select(r => r.MessageId).Order());
    }

    [Fact]
    public async Task A_row_published_but_not_marked_goes_out_again_with_the_same_message_id_and_is_applied_once()
    {
        await using var consumer = await MessagingHost.StartAsync(_db, _vhost, "consumer",
            bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
        var widget = Guid.NewGuid();
        await using (var db = RawDb.Open(_db))
        {
            db.Widgets.Add(new Widget { Id = widget, Name = "w" });
            db.PublishToOutbox(new WidgetChanged(widget, 1), TimeProvider.System, widget.ToString());
            await db.SaveChangesAsync(Ct);
        }
        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widget}'") == 1);

        // The process died after the broker confirmed but before the row was marked.
        await using (var db = RawDb.Open(_db))
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null), Ct);
        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0);

        // The second copy reached the consumer and found its inbox record.
        await Eventually.Until(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM inbox_messages") == 1
            && consumer.Recorder.Deliveries >= 2, because: "the copy should be delivered and skipped");
        Assert.Equal(1, await _db.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widget}'"));
    }

    [Fact]
    public async Task Two_dispatchers_publish_every_event_exactly_once_and_keep_each_aggregates_order()
    {
        const int aggregates = 8, perAggregate = 60;
        await CommitEventsAsync(aggregates, perAggregate);

        await using var probe = await MessagingHost.StartAsync(_db, _vhost, "probe",
            bus => bus.AddConsumer<RecordWidgetChangedConsumer>(typeof(RecordWidgetChangedConsumerDefinition)));
        var small = new Dictionary<string, string?> { ["Messaging:Outbox:BatchSize"] = "25" };
        var starting = new[]
        {
            MessagingHost.StartAsync(_db, _vhost, "publisher", settings: small),
            MessagingHost.StartAsync(_db, _vhost, "publisher", settings: small),
        };
        var publishers = await Task.WhenAll(starting);
        try
        {
            await Eventually.Until(async () =>
                await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
                TimeSpan.FromSeconds(60));
            await PublishSentinelAndWaitAsync(publishers[0], probe);

            var received = probe.Recorder.Received.Where(r => !IsSentinel(r.Message)).ToList();
            Assert.Equal(aggregates * perAggregate, received.Count);
            Assert.Equal(received.Count, received.Select(r => r.MessageId).Distinct().Count());
            foreach (var chain in received.GroupBy(r => r.Message.WidgetId))
                Assert.Equal(Enumerable.Range(1, perAggregate), chain.Select(r => r.Message.Seq));
        }
        finally
        {
            foreach (var p in publishers) await p.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_aggregate_of_a_round_awaits_its_confirm_at_the_same_time()
    {
        // More aggregates than any fixed cap on publishes in flight would let through, fewer than a round takes.
        const int aggregates = 150;
        await using var publisher = await MessagingHost.StartAsync(_db, _vhost, "publisher");
        var gate = new PublishGate(aggregates, TimeSpan.FromSeconds(5));
        using var observing = publisher.Bus.ConnectPublishObserver(gate);
        await CommitEventsAsync(aggregates, perAggregate: 1); // one commit: one round takes them all

        // This round, or the instance's own first one if it was still running when the rows committed.
        await publisher.Dispatcher.DispatchOnceAsync(Ct);
        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
            because: "the round should publish every row");
        Assert.Equal(aggregates, gate.MostInFlight);
    }

    [Fact]
    public async Task A_round_marks_all_its_rows_dispatched_in_one_statement()
    {
        // Counts each UPDATE statement on the outbox and the rows it changed.
        await using (var db = RawDb.Open(_db))
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TABLE outbox_updates (id serial, rows int NOT NULL);
                CREATE FUNCTION count_outbox_updates() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO outbox_updates (rows) SELECT count(*) FROM new_rows; RETURN NULL; END $$;
                CREATE TRIGGER count_outbox_updates AFTER UPDATE ON outbox_messages
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_outbox_updates();
                """, Ct);
        await using var publisher = await MessagingHost.StartAsync(_db, _vhost, "publisher");
        await CommitEventsAsync(aggregates: 40, perAggregate: 1); // one commit: one round takes them all

        await publisher.Dispatcher.DispatchOnceAsync(Ct);
        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
            because: "the round should publish every row");
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_updates"));
        Assert.Equal(40, await _db.ScalarAsync<long>("SELECT rows FROM outbox_updates"));
    }

    /// <summary>
    /// Holds each publish before it is sent until <c>expected</c> publishes have started (or <c>patience</c> has
    /// passed), and records how many were in flight together.
    /// </summary>
    sealed class PublishGate(int expected, TimeSpan patience) : MassTransit.IPublishObserver
    {
        readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _started, _inFlight, _most;

        public int MostInFlight => Volatile.Read(ref _most);

        public async Task PrePublish<T>(MassTransit.PublishContext<T> context) where T : class
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            for (int most; inFlight > (most = Volatile.Read(ref _most));)
                if (Interlocked.CompareExchange(ref _most, inFlight, most) == most) break;
            if (Interlocked.Increment(ref _started) >= expected) _all.TrySetResult();
            await Task.WhenAny(_all.Task, Task.Delay(patience));
        }

        public Task PostPublish<T>(MassTransit.PublishContext<T> context) where T : class
        {
            Interlocked.Decrement(ref _inFlight);
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(MassTransit.PublishContext<T> context, Exception exception) where T : class
        {
            Interlocked.Decrement(ref _inFlight);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task While_another_instance_holds_the_dispatch_lock_a_dispatcher_publishes_nothing()
    {
        await using var publisher = await MessagingHost.StartAsync(_db, _vhost, "publisher",
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "00:10:00" });
        // The lock is taken before the rows exist, so the instance's own first round cannot take them either.
        await using var other = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        await other.OpenAsync(Ct);
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({OutboxDispatcher<TestDb>.LockId})", other))
            await take.ExecuteNonQueryAsync(Ct);
        await CommitEventsAsync(aggregates: 1, perAggregate: 2); // written by another process: no wake-up here

        Assert.Equal(0, await publisher.Dispatcher.DispatchOnceAsync(Ct));
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL"));

        await using (var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({OutboxDispatcher<TestDb>.LockId})", other))
            await release.ExecuteNonQueryAsync(Ct);
        // Once released, the rows go out: by this call, or by the instance's own loop if its first round
        // (started with the host) takes the lock first.
        await publisher.Dispatcher.DispatchOnceAsync(Ct);
        await Eventually.Until(async () =>
            await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
            because: "the released lock lets the dispatcher publish the waiting rows");
    }

    async Task<List<Guid>> CommitEventsAsync(int aggregates, int perAggregate)
    {
        var ids = new List<Guid>();
        await using var db = RawDb.Open(_db);
        for (var a = 0; a < aggregates; a++)
        {
            var widget = Guid.NewGuid();
            db.Widgets.Add(new Widget { Id = widget, Name = $"w{a}" });
            for (var s = 1; s <= perAggregate; s++)
                ids.Add(db.PublishToOutbox(new WidgetChanged(widget, s), TimeProvider.System, widget.ToString()).MessageId);
        }
        await db.SaveChangesAsync(Ct);
        return ids;
    }

    static readonly Guid SentinelId = Guid.Parse("00000000-0000-0000-0000-000000005e17");
    static bool IsSentinel(WidgetChanged m) => m.WidgetId == SentinelId;

    // The probe consumes one message at a time in queue order: once the sentinel, published
    // after every confirmed row, has arrived, any duplicate would have arrived before it.
    static async Task PublishSentinelAndWaitAsync(MessagingHost publisher, MessagingHost probe)
    {
        await publisher.WithDbAsync(async db =>
        {
            db.PublishToOutbox(new WidgetChanged(SentinelId, 0), TimeProvider.System);
            return await db.SaveChangesAsync(Ct);
        });
        await Eventually.Until(() => Task.FromResult(probe.Recorder.Received.Any(r => IsSentinel(r.Message))),
            because: "the sentinel should arrive after everything published before it");
    }
}
