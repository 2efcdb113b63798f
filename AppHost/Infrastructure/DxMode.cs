namespace DxTrack.AppHost.Infrastructure;

/// <summary>How the AppHost provides PostgreSQL, RabbitMQ, Redis and the SMTP sink.</summary>
public enum DxMode
{
    /// <summary>Aspire's container resources; needs a container runtime.</summary>
    Containers,

    /// <summary>The operating system's packages, run by the AppHost with data under <c>.dxtrack/</c>.</summary>
    Local,

    /// <summary>Servers someone else runs, given as connection strings.</summary>
    Existing,
}
