using DxTrack.TestSupport;

namespace DxTrack.Messaging.Tests;

public sealed class LateDataTests
{
    [Fact]
    public async Task A_message_that_arrives_before_its_data_is_retried_until_the_data_is_there()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("late");
        await using var vhost = await TestVirtualHost.CreateAsync("late");
        await using var host = await MessagingHost.StartAsync(database, vhost, "late",
            bus => bus.AddConsumer<ApplyWidgetChangedConsumer>(),
            new Dictionary<string, string?>
            {
                ["Messaging:RetryLimit"] = "30",
                ["Messaging:RetryMinInterval"] = "00:00:00.100",
                ["Messaging:RetryMaxInterval"] = "00:00:00.300",
            });

        var widget = Guid.NewGuid();
        await host.Bus.Publish(new WidgetChanged(widget, 1), ct);
        await Eventually.Until(() => Task.FromResult(host.Recorder.Missing >= 2),
            because: "the consumer should try, find no widget, and try again");

        await using (var db = RawDb.Open(database))
        {
            db.Widgets.Add(new Widget { Id = widget, Name = "late" });
            await db.SaveChangesAsync(ct);
        }

        await Eventually.Until(async () =>
            await database.ScalarAsync<long>($"SELECT applied FROM widgets WHERE id = '{widget}'") == 1);
        Assert.Empty(await vhost.GetMessagesAsync("late-apply-widget-changed_error"));
    }
}
