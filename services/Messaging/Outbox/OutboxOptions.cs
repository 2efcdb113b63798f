using System.ComponentModel.DataAnnotations;

namespace DxTrack.Messaging.Outbox;

/// <summary>How the outbox dispatcher runs. Section <c>Messaging:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often to look for rows nobody signalled (another instance's, or left by a crash).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a round that published something, how long a commit's wake-up waits for the next commits to join the
    /// round: under load, a round (one transaction, one marking statement) per few milliseconds instead of per event.
    /// A lone event after a quiet spell is published at once. Zero: no wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan CollectionWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Rows taken per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long one publish may wait for the broker's confirm before the round is abandoned.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Back-off after a failed round (broker down), doubled up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Dispatched rows and inbox records are kept this long, for audits and late duplicates.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
