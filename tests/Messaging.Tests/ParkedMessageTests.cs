using DxTrack.TestSupport;
using MassTransit;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// After the last retry a message waits in its <c>_error</c> queue; nothing redelivers it but an
/// operator (README, "Parked messages"). Moved back once its cause is fixed, it is applied once.
/// </summary>
public sealed class ParkedMessageTests
{
    const string Queue = "parked-apply-widget-changed";
    const string ErrorQueue = Queue + "_error";

    [Fact]
    public async Task A_parked_message_moved_back_to_its_queue_is_consumed_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("parked");
        await using var vhost = await TestVirtualHost.CreateAsync("parked");
        await using var host = await MessagingHost.StartAsync(database, vhost, "parked",
            bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
        using var operatorApi = await ParkedMessages.ForAsync(vhost);

        // The event names a widget that does not exist yet, and still does not when the retries run out.
        var widget = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        await host.Bus.Publish(new WidgetChanged(widget, 1), c => c.MessageId = messageId, ct);
        await Eventually.Until(() => vhost.GetMessagesAsync(ErrorQueue), m => m.Count == 1,
            because: "the message should be parked once its retries are spent");

        // The operator fixes the cause, then moves the message back to its queue.
        await using (var db = RawDb.Open(database))
        {
            db.Widgets.Add(new Widget { Id = widget, Name = "late" });
            await db.SaveChangesAsync(ct);
        }
        if (await operatorApi.CanShovelAsync())
            await operatorApi.ShovelAsync(ErrorQueue, Queue);
        else
            Assert.Equal(1, await operatorApi.RepublishAsync(ErrorQueue, Queue));

        await Eventually.Until(async () =>
            await database.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widget}'") == 1,
            because: "the moved message should reach the consumer again");
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}'"));
        Assert.Equal(1, host.Recorder.Deliveries);
        Assert.Empty(await vhost.GetMessagesAsync(ErrorQueue));
    }
}
