using System.ComponentModel.DataAnnotations;

namespace DxTrack.Targets;

/// <summary>Section <c>Targets</c>.</summary>
public sealed class TargetsOptions
{
    /// <summary>Load the Bắc Kạn demo plan, agencies and contacts at start (idempotent). The AppHost sets it in local mode.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Keep the dashboard in Redis. Off, every read is computed from PostgreSQL (for measurements and diagnosis).</summary>
    public bool DashboardCacheEnabled { get; set; } = true;

    /// <summary>How long the dashboard summary may be served from Redis before it is recomputed (events evict it sooner).</summary>
    [Range(1, 3600)]
    public int DashboardCacheSeconds { get; set; } = 60;

    /// <summary>After a Redis failure, how long to read straight from PostgreSQL before trying Redis again.</summary>
    [Range(1, 600)]
    public int RedisRetryAfterSeconds { get; set; } = 5;

    /// <summary>Prefix of this service's Redis keys, so several deployments (or tests) can share one server.</summary>
    [Required, MinLength(1)]
    public string CacheKeyPrefix { get; set; } = "dxtrack:targets:";

    /// <summary>Days after a quarter's end that a task's quarterly progress report is due.</summary>
    [Range(0, 90)]
    public int TaskReportOffsetDays { get; set; } = 10;
}
