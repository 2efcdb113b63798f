using DxTrack.TestSupport;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A copy of a service that only answers reads (Messaging:Consume=false) takes nothing from the service's queues: every
/// event stays the service's to apply, however many such copies run.
/// </summary>
public sealed class ReadOnlyCopyTests
{
    [Fact]
    public async Task A_copy_that_does_not_consume_declares_and_takes_no_queue_of_its_service()
    {
        await using var database = await TestDatabase.CreateAsync("readonly");
        await using var vhost = await TestVirtualHost.CreateAsync("readonly");
        await using (var raw = RawDb.Open(database))
            await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        await using (await MessagingHost.StartAsync(database, vhost, "reader",
                         bus => bus.AddConsumer<RecordWidgetChangedConsumer>(typeof(RecordWidgetChangedConsumerDefinition)),
                         new Dictionary<string, string?> { ["Messaging:Consume"] = "false" }))
            Assert.DoesNotContain(await vhost.QueueNamesAsync(), q => q.StartsWith("reader-"));

        // The same service consuming: its queue exists and has a consumer.
        await using var service = await MessagingHost.StartAsync(database, vhost, "reader",
            bus => bus.AddConsumer<RecordWidgetChangedConsumer>(typeof(RecordWidgetChangedConsumerDefinition)));
        var queue = Assert.Single(await vhost.QueueNamesAsync(), q => q.StartsWith("reader-") && !q.EndsWith("_error"));
        // The management API counts consumers a moment after they attach.
        await Eventually.Until(async () => (await vhost.QueueAsync(queue))?.Consumers == 1,
            because: "the consuming service should hold its queue");
    }
}
