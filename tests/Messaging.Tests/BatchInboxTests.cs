using DxTrack.TestSupport;
using MassTransit;

namespace DxTrack.Messaging.Tests;

/// <summary>A consumer that applies messages a batch at a time: each still once, and a poison one parked alone.</summary>
public sealed class BatchInboxTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    TestVirtualHost _vhost = null!;
    MessagingHost _consumer = null!;

    const string Queue = "consumer-apply-widget-changes";
    const string Consumer = nameof(ApplyWidgetChangesConsumer);

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("batchinbox");
        _vhost = await TestVirtualHost.CreateAsync("batchinbox");
        await using (var raw = RawDb.Open(_db))
            await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        // A wait long enough that messages published together share a batch on a busy machine.
        _consumer = await MessagingHost.StartAsync(_db, _vhost, "consumer", bus => bus.AddBatchConsumer<ApplyWidgetChangesConsumer>(),
            new Dictionary<string, string?> { ["Messaging:BatchTimeLimit"] = "00:00:01", ["Messaging:BatchMessageLimit"] = "50" });
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_is_applied_in_batches_of_at_most_the_limit_each_message_once()
    {
        var widgets = await NewWidgetsAsync(120);
        await Task.WhenAll(widgets.Select(w => _consumer.Bus.Publish(new WidgetChanged(w, 1), TestContext.Current.CancellationToken)));

        await Eventually.Until(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM inbox_messages") == 120,
            because: "every message should be applied");
        Assert.Equal(120, await _db.ScalarAsync<long>("SELECT sum(applied) FROM widgets"));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets WHERE applied <> 1"));
        var batches = _consumer.Recorder.Batches.ToArray();
        Assert.Equal(120, batches.Sum());
        Assert.All(batches, size => Assert.InRange(size, 1, 50));
        Assert.True(batches.Length <= 12, $"120 messages published together took {batches.Length} batches: {string.Join(", ", batches)}");
        Assert.Equal(120, await _db.ScalarAsync<long>($"SELECT count(*) FROM inbox_messages WHERE consumer = '{Consumer}'"));
    }

    [Fact]
    public async Task A_batch_consumers_endpoint_prefetches_a_batch_for_each_batch_it_applies_at_once()
    {
        // Limit 50 (set above) × 2 batches at once (the default); Messaging:PrefetchCount (32) is the floor.
        var prefetch = await Eventually.Until(() => _vhost.ConsumerPrefetchAsync(Queue), p => p.Count > 0,
            because: "the consumer should be attached");
        Assert.All(prefetch, p => Assert.Equal(100, p));
    }

    [Fact]
    public async Task Copies_in_the_same_batch_or_a_later_one_are_applied_once()
    {
        var widgets = await NewWidgetsAsync(3);
        var ids = widgets.Select(_ => NewId.NextGuid()).ToArray();
        var ct = TestContext.Current.CancellationToken;
        // Each message twice in one burst, then once more after it was applied.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            _consumer.Bus.Publish(new WidgetChanged(widgets[i % 3], 1), c => c.MessageId = ids[i % 3], ct)));
        await Eventually.Until(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM inbox_messages") == 3,
            because: "each message should be applied");
        await _consumer.Bus.Publish(new WidgetChanged(widgets[0], 1), c => c.MessageId = ids[0], ct);
        await Eventually.Until(() => Task.FromResult(_consumer.Recorder.Deliveries >= 7),
            because: "the late copy should be consumed (skipped or applied)");

        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets WHERE applied <> 1"));
        Assert.Equal(3, _consumer.Recorder.Batches.Sum());
    }

    [Fact]
    public async Task A_poison_message_is_parked_alone_and_the_rest_of_its_batch_is_applied()
    {
        var widgets = await NewWidgetsAsync(10);
        var poisonId = NewId.NextGuid();
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(widgets.Select((w, i) => i == 4
            ? _consumer.Bus.Publish(new WidgetChanged(w, 1, Poison: true), c => c.MessageId = poisonId, ct)
            : _consumer.Bus.Publish(new WidgetChanged(w, 1), ct)));

        var parked = await Eventually.Until(() => _vhost.GetMessagesAsync(Queue + "_error"), m => m.Count >= 1,
            because: "the poison message should land in the error queue");
        Assert.Equal(9, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets WHERE applied = 1"));
        Assert.Equal(0, await _db.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widgets[4]}'"));
        Assert.Equal(poisonId.ToString(), Assert.Single(parked).Properties.MessageId);
        Assert.Contains("cannot be applied", parked[0].Properties.Headers["MT-Fault-Message"]?.ToString());
        Assert.Equal(0, await _db.ScalarAsync<long>($"SELECT count(*) FROM inbox_messages WHERE message_id = '{poisonId}'"));
        Assert.Contains(_consumer.Recorder.Batches, size => size > 1);
    }

    async Task<Guid[]> NewWidgetsAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        await using var db = RawDb.Open(_db);
        foreach (var id in ids) db.Widgets.Add(new Widget { Id = id, Name = "w" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return ids;
    }
}
