using DxTrack.Messaging.Inbox;
using Microsoft.Extensions.Logging;

namespace DxTrack.Messaging.Tests;

/// <summary>Counts applications on the widget row, through the inbox.</summary>
public sealed class ApplyWidgetChangedConsumer(TestDb db, TimeProvider clock, Recorder recorder,
    ILogger<ApplyWidgetChangedConsumer> logger) : IdempotentConsumer<WidgetChanged, TestDb>(db, clock, logger)
{
    protected override async Task Apply(WidgetChanged message, CancellationToken ct)
    {
        if (message.Poison) throw new InvalidOperationException($"Widget {message.WidgetId} cannot be applied.");
        var widget = await Db.Widgets.FindAsync([message.WidgetId], ct);
        if (widget is null)
        {
            recorder.CountMissing();
            throw new InvalidOperationException($"Widget {message.WidgetId} is not known yet.");
        }
        widget.Applied++;
        recorder.Correlations[message.WidgetId] = Correlation.Current;
    }
}
