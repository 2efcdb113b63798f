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
    /// Below this allocation rate (MB per second, averaged over an interval) the service counts as idle. Health
    /// probes, telemetry export and the outbox's fallback poll allocate far less; a few requests a second, more.
    /// </summary>
    [Range(0.01, 1024)]
    public double IdleBelowMBPerSecond { get; set; } = 1;

    /// <summary>
    /// How much the old generations (gen2 and the large-object heap) must have grown since the last full
    /// collection for a trim to be worth its pause.
    /// </summary>
    [Range(1, 65536)]
    public int MinimumGrowthMB { get; set; } = 32;
}
