using System.Collections.Concurrent;
using System.Diagnostics;
using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// One trace from the request that changed state to the consumer in another service: the outbox row
/// keeps the request's trace parent, the dispatcher continues it, MassTransit carries it in the
/// message headers and the consumer's activity joins it.
/// </summary>
public sealed class TraceTests
{
    const string RequestsSource = "DxTrack.Messaging.Tests.Requests";
    static readonly ActivitySource Requests = new(RequestsSource);

    [Fact]
    public async Task A_consumer_runs_in_the_trace_of_the_request_that_wrote_the_outbox_row()
    {
        var ct = TestContext.Current.CancellationToken;
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "DxTrack.Messaging" or RequestsSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var database = await TestDatabase.CreateAsync("trace");
        await using var vhost = await TestVirtualHost.CreateAsync("trace");
        await using var consumer = await MessagingHost.StartAsync(database, vhost, "consumer",
            bus => bus.AddConsumer<RecordWidgetChangedConsumer>(typeof(RecordWidgetChangedConsumerDefinition)));
        await using var publisher = await MessagingHost.StartAsync(database, vhost, "publisher");

        // A request in one service: its state change and event commit together.
        ActivityTraceId requestTrace;
        Guid messageId;
        using (var request = Requests.StartActivity("PUT /api/widgets", ActivityKind.Server))
        {
            Assert.NotNull(request);
            requestTrace = request.TraceId;
            messageId = await publisher.WithDbAsync(async db =>
            {
                var widget = Guid.NewGuid();
                db.Widgets.Add(new Widget { Id = widget, Name = "traced" });
                var row = db.PublishToOutbox(new WidgetChanged(widget, 1), TimeProvider.System, widget.ToString());
                await db.SaveChangesAsync(ct);
                return row.MessageId;
            });
        }

        await Eventually.Until(() => Task.FromResult(consumer.Recorder.TraceIds.ContainsKey(messageId)),
            because: "the event should travel outbox → dispatcher → broker → consumer");

        Assert.Equal(requestTrace.ToString(), consumer.Recorder.TraceIds[messageId]);
        // The publishing spans end when the broker's confirm comes back, which can be after the consumer is done.
        var trace = await Eventually.Until(() => Task.FromResult(stopped.Where(a => a.TraceId == requestTrace).ToList()),
            spans => spans.Any(a => a.Kind == ActivityKind.Consumer) && spans.Count(a => a.Kind == ActivityKind.Producer) >= 2,
            because: "the dispatcher's, MassTransit's and the consumer's activities should end in the request's trace");
        Assert.Contains(trace, a => a.Source.Name == "DxTrack.Messaging" && a.Kind == ActivityKind.Producer);
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
    }
}
