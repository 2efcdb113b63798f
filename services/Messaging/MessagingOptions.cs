using System.ComponentModel.DataAnnotations;

namespace DxTrack.Messaging;

/// <summary>Consumer retry policy. Section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>Tries after the first failure before a message is parked in its <c>_error</c> queue.</summary>
    [Range(0, 50)]
    public int RetryLimit { get; set; } = 8;

    /// <summary>First back-off; each next one grows up to <see cref="RetryMaxInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Messages a consumer endpoint takes from the broker at once.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;
}
