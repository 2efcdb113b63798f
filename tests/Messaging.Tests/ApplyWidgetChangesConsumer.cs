using DxTrack.Messaging.Inbox;
using Microsoft.Extensions.Logging;

namespace DxTrack.Messaging.Tests;

/// <summary>Counts applications on the widget rows, a batch at a time, through the inbox.</summary>
public sealed class ApplyWidgetChangesConsumer(TestDb db, TimeProvider clock, Recorder recorder,
    ILogger<ApplyWidgetChangesConsumer> logger) : IdempotentBatchConsumer<WidgetChanged, TestDb>(db, clock, logger)
{
    protected override async Task Apply(IReadOnlyList<WidgetChanged> messages, CancellationToken ct)
    {
        recorder.Batches.Enqueue(messages.Count);
        foreach (var message in messages)
        {
            if (message.Poison) throw new InvalidOperationException($"Widget {message.WidgetId} cannot be applied.");
            var widget = await Db.Widgets.FindAsync([message.WidgetId], ct)
                         ?? throw new InvalidOperationException($"Widget {message.WidgetId} is not known yet.");
            widget.Applied++;
        }
    }
}
