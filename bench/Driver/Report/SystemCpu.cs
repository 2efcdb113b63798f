namespace DxTrack.Bench.Report;

/// <summary>
/// The system's CPU per accepted submission: every DxTrack service, PostgreSQL, RabbitMQ and Redis, as a deployment
/// runs them. Not the load driver (with the AppHost it hosts) nor the telemetry sink (the Aspire dashboard), whose
/// share is given on its own; not the orchestrator, the mail sink nor anything else on the machine.
/// </summary>
public static class SystemCpu
{
    /// <summary>The process groups counted (as <c>ProcessCpu</c> names them).</summary>
    public static readonly string[] Counted =
    [
        "targets", "submissions", "notifications", "gateway", "targets-uncached",
        "postgres", "beam.smp", "erl_child_setup", "inet_gethost", "epmd", "redis-server",
    ];

    /// <summary>The Aspire dashboard, as <c>/proc</c> names it (the command name is cut at 15 characters).</summary>
    public const string TelemetrySink = "Aspire.Dashboar";

    public sealed record Share(double SystemMs, double TelemetrySinkMs, IReadOnlyList<(string Name, double Ms)> ByProcess);

    /// <summary>Milliseconds of CPU per submission from the seconds each group used while <paramref name="accepted"/> were taken in.</summary>
    public static Share PerSubmission(IReadOnlyList<(string Name, double Seconds)> used, long accepted)
    {
        if (accepted <= 0) return new Share(0, 0, []);
        var counted = used.Where(u => Counted.Contains(u.Name))
            .Select(u => (u.Name, Ms: u.Seconds * 1000 / accepted)).OrderByDescending(u => u.Ms).ToList();
        var sink = used.Where(u => u.Name == TelemetrySink).Sum(u => u.Seconds) * 1000 / accepted;
        return new Share(counted.Sum(u => u.Ms), sink, counted);
    }
}
