using System.ComponentModel.DataAnnotations;

namespace DxTrack.ServiceDefaults.Health;

/// <summary>How the health endpoints spend their checks. Section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// How long a dependency check's result is reused. Concurrent probes share one check in flight, so however often
    /// <c>/health</c> is asked, each dependency is checked at most once per this interval; a failure shows within
    /// it plus one check. <c>0</c> checks on every probe.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(3);
}
