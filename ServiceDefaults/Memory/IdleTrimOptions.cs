using System.ComponentModel.DataAnnotations;

namespace DxTrack.ServiceDefaults.Memory;

/// <summary>
/// When a service that has gone quiet after a burst hands its garbage back to the operating system.
/// Section <c>Memory:IdleTrim</c>.
/// </summary>
public sealed class IdleTrimOptions
{
    /// <summary>Whether the service trims at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the service looks at what it has allocated; it is idle for a whole interval or not at all.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Below this allocation rate (MB per second, averaged over an interval) the service counts as idle. An idle
    /// service (health probes, telemetry export, the outbox's fallback poll) allocates about 0.06 MB/s; one
    /// taking a few reports a second, more.
    /// </summary>
    [Range(0.01, 1024)]
    public double IdleBelowMBPerSecond { get; set; } = 1;

    /// <summary>
    /// What the service must have allocated since the last compacting collection for the quiet to follow a burst:
    /// below it, too little can have been left behind to be worth the pause.
    /// </summary>
    [Range(1, 1048576)]
    public int BurstMB { get; set; } = 128;
}
