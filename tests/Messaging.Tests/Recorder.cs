using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;

namespace DxTrack.Messaging.Tests;

/// <summary>Everything the probe consumer received, in arrival order.</summary>
public sealed class Recorder
{
    int _deliveries;

    public ConcurrentQueue<(Guid MessageId, WidgetChanged Message)> Received { get; } = new();

    /// <summary>The trace each message was consumed in, by message id.</summary>
    public ConcurrentDictionary<Guid, string?> TraceIds { get; } = new();

    /// <summary>The correlation id each widget's change was applied under.</summary>
    public ConcurrentDictionary<Guid, string?> Correlations { get; } = new();

    /// <summary>Deliveries of <see cref="WidgetChanged"/> to any consumer of the host, copies included.</summary>
    public int Deliveries => Volatile.Read(ref _deliveries);

    public void CountDelivery() => Interlocked.Increment(ref _deliveries);

    int _missing;

    /// <summary>Attempts that found the data the message refers to missing.</summary>
    public int Missing => Volatile.Read(ref _missing);

    public void CountMissing() => Interlocked.Increment(ref _missing);

    /// <summary>The size of each list a batch consumer was given to apply, in order.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();
}

/// <summary>Counts every delivery the consumers of a host finished, whatever they did with it.</summary>
public sealed class DeliveryCounter(Recorder recorder) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is WidgetChanged) recorder.CountDelivery();
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>Records each delivery, duplicates included: it is the broker's view, not an inbox.</summary>
public sealed class RecordWidgetChangedConsumer(Recorder recorder) : IConsumer<WidgetChanged>
{
    public Task Consume(ConsumeContext<WidgetChanged> context)
    {
        recorder.TraceIds[context.MessageId!.Value] = Activity.Current?.TraceId.ToString();
        recorder.Received.Enqueue((context.MessageId!.Value, context.Message));
        return Task.CompletedTask;
    }
}

public sealed class RecordWidgetChangedConsumerDefinition : ConsumerDefinition<RecordWidgetChangedConsumer>
{
    // One at a time, so arrival order is queue order.
    public RecordWidgetChangedConsumerDefinition() => ConcurrentMessageLimit = 1;
}
