using System.ComponentModel.DataAnnotations;

namespace DxTrack.Messaging;

/// <summary>
/// Consumer retry policy. Section <c>Messaging</c>.
/// </summary>
/// <remarks>
/// <para>
/// These retries are the whole redelivery policy. A message whose consumer throws is tried again in
/// the consumer's process, with exponential back-off, while it stays unacknowledged on the broker;
/// after the last try it is parked in its queue's <c>_error</c> queue with the exception in its
/// headers. There is no second, broker-side stage that redelivers a parked message minutes or hours
/// later: MassTransit schedules such redeliveries through RabbitMQ's delayed-message exchange plugin
/// or a Quartz.NET scheduler, and neither is available where DxTrack runs (Debian's RabbitMQ 3.10
/// comes without the plugin; MassTransit's Quartz integration is not in the package feed). A parked
/// message stays parked until an operator moves it back to its queue (README, "Parked messages").
/// </para>
/// <para>
/// With the defaults, the eight waits are about 0.7, 1.2, 2.2, 4.2, 8.2, 16.2, 20 and 20 s
/// (<see cref="RetryMinInterval"/> + 2^n × <see cref="RetryIntervalDelta"/>, capped at
/// <see cref="RetryMaxInterval"/>, each with ±25 % jitter): a message is parked about 73 s after its
/// first failure (50–99 s with the jitter). An event that overtakes the one it depends on, or a database
/// that is away for less than that, costs a delay, not a parked message.
/// </para>
/// </remarks>
public sealed class MessagingOptions
{
    /// <summary>Step of the exponential back-off: the n-th wait is about <see cref="RetryMinInterval"/> + 2^n × this.</summary>
    public static readonly TimeSpan RetryIntervalDelta = TimeSpan.FromMilliseconds(500);

    /// <summary>Tries after the first failure before a message is parked in its <c>_error</c> queue.</summary>
    [Range(0, 50)]
    public int RetryLimit { get; set; } = 8;

    /// <summary>First back-off; each next one grows up to <see cref="RetryMaxInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest back-off between two tries (before jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether this process consumes its service's queues. Off, it still publishes (its outbox) but declares and takes
    /// nothing: a copy that only answers reads, such as the bench's cache-off Targets, leaves every event to the service.
    /// </summary>
    public bool Consume { get; set; } = true;

    /// <summary>Messages a consumer endpoint takes from the broker at once.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>
    /// Most messages a batch consumer (a replica fed by bulk events, such as a plan's obligations) applies in one
    /// transaction.
    /// </summary>
    [Range(1, 1000)]
    public int BatchMessageLimit { get; set; } = 100;

    /// <summary>
    /// Longest a message waits for others to join its batch. A lone event is applied this much later than it would
    /// be on its own; a burst fills its batches long before.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Batches one batch consumer applies at once in one process.</summary>
    [Range(1, 16)]
    public int BatchConcurrencyLimit { get; set; } = 2;
}
