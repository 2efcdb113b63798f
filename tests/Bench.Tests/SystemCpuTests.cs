using DxTrack.Bench.Report;

namespace DxTrack.Bench.Tests;

/// <summary>The system's CPU per submission counts what a deployment runs, and the telemetry sink on its own.</summary>
public sealed class SystemCpuTests
{
    [Fact]
    public void The_services_and_servers_count_and_the_driver_the_sink_and_the_rest_of_the_machine_do_not()
    {
        IReadOnlyList<(string, double)> used =
        [
            ("submissions", 3.0), ("postgres", 2.0), ("beam.smp", 1.0), ("redis-server", 0.5), ("gateway", 1.0),
            ("targets", 0.5), ("notifications", 0.5), ("targets-uncached", 0.1),
            ("bench driver", 4.0), ("Aspire.Dashboar", 2.0), ("dcp", 1.0), ("csc", 9.0), ("node", 0.3),
        ];

        var share = SystemCpu.PerSubmission(used, accepted: 1000);

        Assert.Equal(8.6, share.SystemMs, precision: 6);
        Assert.Equal(2.0, share.TelemetrySinkMs, precision: 6);
        Assert.Equal("submissions", share.ByProcess[0].Name);
        Assert.DoesNotContain(share.ByProcess, p => p.Name is "bench driver" or "Aspire.Dashboar" or "dcp" or "csc" or "node");
    }

    [Fact]
    public void Nothing_accepted_is_nothing_measured()
    {
        var share = SystemCpu.PerSubmission([("postgres", 1.0)], accepted: 0);
        Assert.Equal(0, share.SystemMs);
        Assert.Empty(share.ByProcess);
    }
}
