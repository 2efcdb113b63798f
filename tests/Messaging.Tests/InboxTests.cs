using System.Net.Http.Json;
using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;
using MassTransit;

namespace DxTrack.Messaging.Tests;

public sealed class InboxTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    TestVirtualHost _vhost = null!;
    MessagingHost _consumer = null!;

    const string Queue = "consumer-apply-widget-changed";

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("inbox");
        _vhost = await TestVirtualHost.CreateAsync("inbox");
        await using (var raw = RawDb.Open(_db))
            await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        _consumer = await MessagingHost.StartAsync(_db, _vhost, "consumer",
            bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_consumers_endpoint_prefetches_the_configured_count()
    {
        var prefetch = await Eventually.Until(() => _vhost.ConsumerPrefetchAsync(Queue), p => p.Count > 0,
            because: "the consumer should be attached");
        Assert.All(prefetch, p => Assert.Equal(32, p));
    }

    [Fact]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        var widget = await NewWidgetAsync();
        var messageId = NewId.NextGuid();
        var message = new WidgetChanged(widget, 1);

        await _consumer.Bus.Publish(message, ctx => ctx.MessageId = messageId, TestContext.Current.CancellationToken);
        await _consumer.Bus.Publish(message, ctx => ctx.MessageId = messageId, TestContext.Current.CancellationToken);

        await Eventually.Until(() => Task.FromResult(_consumer.Recorder.Deliveries >= 2),
            because: "both copies should reach the consumer");
        Assert.Equal(1, await AppliedAsync(widget));
        Assert.Equal(1, await _db.ScalarAsync<long>($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task Copies_delivered_at_the_same_moment_are_applied_once()
    {
        var widget = await NewWidgetAsync();
        var messageId = NewId.NextGuid();
        var copies = Enumerable.Range(0, 10).Select(_ =>
            _consumer.Bus.Publish(new WidgetChanged(widget, 1), ctx => ctx.MessageId = messageId,
                TestContext.Current.CancellationToken));
        await Task.WhenAll(copies);

        await Eventually.Until(() => Task.FromResult(_consumer.Recorder.Deliveries >= 10),
            because: "every copy should be consumed (skipped or applied)");
        Assert.Equal(1, await AppliedAsync(widget));
    }

    [Fact]
    public async Task A_message_that_always_fails_is_parked_in_the_error_queue_with_its_exception_and_the_rest_are_served()
    {
        var widget = await NewWidgetAsync();
        await _consumer.Bus.Publish(new WidgetChanged(widget, 1, Poison: true), TestContext.Current.CancellationToken);
        for (var i = 2; i <= 4; i++)
            await _consumer.Bus.Publish(new WidgetChanged(widget, i), TestContext.Current.CancellationToken);

        await Eventually.Until(async () => await AppliedAsync(widget) == 3,
            because: "the healthy messages should be applied despite the poison one");
        var parked = await Eventually.Until(() => _vhost.GetMessagesAsync(Queue + "_error"), m => m.Count == 1,
            because: "the poison message should land in the error queue");

        var headers = parked[0].Properties.Headers;
        Assert.Contains("cannot be applied", headers["MT-Fault-Message"]?.ToString());
        Assert.Equal(0, await _db.ScalarAsync<long>(
            $"SELECT count(*) FROM inbox_messages WHERE message_id = '{parked[0].Properties.MessageId}'"));
    }

    async Task<Guid> NewWidgetAsync()
    {
        var id = Guid.NewGuid();
        await using var db = RawDb.Open(_db);
        db.Widgets.Add(new Widget { Id = id, Name = "w" });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return id;
    }

    Task<long> AppliedAsync(Guid widget) => _db.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widget}'");
}
