namespace DxTrack.ServiceDefaults.Health;

/// <summary>What each health endpoint asks, as the tags its checks carry.</summary>
public static class HealthTags
{
    /// <summary><c>/alive</c>: the process answers. Never restart a copy for an outage it cannot fix.</summary>
    public const string Live = "live";

    /// <summary>
    /// <c>/health/ready</c>: this copy can serve requests — its own database. The broker is not among them: reports
    /// are accepted into the outbox while it is away. The gateway and Kubernetes route by it.
    /// </summary>
    public const string Ready = "ready";

    /// <summary>This copy has its own consumer on each of its queues (part of <c>/health</c>, not of ready).</summary>
    public const string Consuming = "consuming";
}
