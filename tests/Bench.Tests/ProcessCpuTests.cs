using System.Diagnostics;
using DxTrack.Bench.Harness;

namespace DxTrack.Bench.Tests;

public sealed class ProcessCpuTests
{
    [Fact]
    public void The_CPU_a_process_used_between_two_snapshots_is_counted_under_its_name()
    {
        var self = Process.GetCurrentProcess();
        var before = ProcessCpu.Snapshot();
        var reference = self.TotalProcessorTime;
        // Busy work until the runtime's own account says half a second of CPU went by.
        var x = 0L;
        while (true)
        {
            for (var i = 0; i < 1_000_000; i++) x += i ^ (x >> 3);
            self.Refresh();
            if (self.TotalProcessorTime - reference >= TimeSpan.FromSeconds(0.5)) break;
        }
        var used = ProcessCpu.Snapshot().Since(before);

        var mine = Assert.Single(used, u => u.Name == "bench driver");
        Assert.InRange(mine.Seconds, 0.45, 60);
        Assert.Equal(used.OrderByDescending(u => u.Seconds).Select(u => u.Name), used.Select(u => u.Name));
        Assert.NotEqual(0, x);
    }

    [Fact]
    public void A_process_with_a_service_name_is_known_by_it_and_a_dotnet_run_wrapper_is_told_apart()
    {
        using var service = Start("sleep", "30");
        using var wrapper = Start("sh", "-c", "sleep 30; echo run done");
        try
        {
            Assert.Equal(("bench-probe", false), ServiceProcesses.ServiceOf($"/proc/{service.Id}"));
            Assert.Equal(("bench-probe", true), ServiceProcesses.ServiceOf($"/proc/{wrapper.Id}"));
            Assert.Null(ServiceProcesses.ServiceOf($"/proc/{Environment.ProcessId}"));
        }
        finally
        {
            service.Kill();
            wrapper.Kill();
        }
    }

    /// <summary>The program started, once it runs: between fork and exec, /proc shows the parent's environment and command line.</summary>
    static Process Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { Environment = { ["OTEL_SERVICE_NAME"] = "bench-probe" } };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var waited = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{process.Id}/cmdline").StartsWith(program + "\0", StringComparison.Ordinal))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"{program} did not start within 10 s.");
            Thread.Yield();
        }
        return process;
    }

    [Fact]
    public void Describe_divides_by_the_count_and_leaves_out_the_small_ones()
    {
        var text = ProcessCpu.Describe([("submissions", 4.5), ("postgres", 3.0), ("redis-server", 0.01)], per: 0.5, unit: "ms", min: 0.05);

        Assert.Equal("submissions 9 ms, postgres 6 ms", text);
    }
}
