namespace DxTrack.Bench.Harness;

/// <summary>
/// CPU time used by every process on the machine, grouped by what it is: a service by the name Aspire gives it
/// (<c>OTEL_SERVICE_NAME</c>), anything else by its command name (<c>postgres</c>, <c>beam.smp</c> for RabbitMQ,
/// <c>redis-server</c>, <c>node</c> for maildev, the Aspire dashboard; the driver, which hosts the AppHost, as
/// <c>bench driver</c>). Two snapshots around
/// a step give each one's share of the work, read from <c>/proc</c> (user + system time).
/// </summary>
public sealed class ProcessCpu
{
    const double TicksPerSecond = 100; // USER_HZ on Linux

    readonly Dictionary<int, (string Name, double Seconds)> _byPid;

    ProcessCpu(Dictionary<int, (string Name, double Seconds)> byPid) => _byPid = byPid;

    public static ProcessCpu Snapshot()
    {
        var byPid = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may hold spaces: the fields follow its closing one.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11]) + double.Parse(fields[12]); // utime, stime
                byPid[pid] = (NameOf(dir), ticks / TicksPerSecond);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            catch (FormatException) { }
        }
        return new ProcessCpu(byPid);
    }

    /// <summary>CPU seconds each group used from <paramref name="earlier"/> to this snapshot, largest first.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Since(ProcessCpu earlier)
    {
        var used = new Dictionary<string, double>();
        foreach (var (pid, (name, seconds)) in _byPid)
        {
            var before = earlier._byPid.TryGetValue(pid, out var e) ? e.Seconds : 0;
            used[name] = used.GetValueOrDefault(name) + Math.Max(0, seconds - before);
        }
        return used.Where(u => u.Value > 0).OrderByDescending(u => u.Value).Select(u => (u.Key, u.Value)).ToList();
    }

    /// <summary>
    /// Waits until every process on the machine together used less than <paramref name="cores"/> cores over one
    /// second (the work a previous step left behind is done: queues drained, telemetry exported), or until
    /// <paramref name="limit"/> has passed. Returns the cores used in the last second measured.
    /// </summary>
    public static async Task<double> QuietAsync(double cores, TimeSpan limit, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var before = Snapshot();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var now = Snapshot();
            var used = now.Since(before).Sum(u => u.Seconds);
            if (used < cores || waited.Elapsed >= limit) return used;
            before = now;
        }
    }

    /// <summary>"submissions 4.1 s, postgres 3.2 s, …": the groups that used at least <paramref name="min"/> seconds.</summary>
    public static string Describe(IEnumerable<(string Name, double Seconds)> used, double per = 1, string unit = "s", double min = 0.05) =>
        string.Join(", ", used.Where(u => u.Seconds >= min).Select(u => $"{u.Name} {u.Seconds / per:0.##} {unit}"));

    static string NameOf(string dir)
    {
        if (Path.GetFileName(dir) == Environment.ProcessId.ToString()) return "bench driver";
        try
        {
            if (ServiceProcesses.ServiceOf(dir) is { } service)
                return service.RunWrapper ? service.Name + " (dotnet run)" : service.Name;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return File.ReadAllText(Path.Combine(dir, "comm")).Trim();
    }
}
