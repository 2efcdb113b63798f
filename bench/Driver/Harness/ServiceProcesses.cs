using System.Text;

namespace DxTrack.Bench.Harness;

/// <summary>
/// Finds each service's process (started by the AppHost's orchestrator) by the service name Aspire gives it
/// (<c>OTEL_SERVICE_NAME</c> in its environment) and reads its working set from <c>/proc</c>.
/// </summary>
public static class ServiceProcesses
{
    /// <summary>Resident set (working set) in MB of each named service's process; a service not found is absent.</summary>
    public static Dictionary<string, double> WorkingSetsMb(IEnumerable<string> services) => StatusMb(services, "VmRSS:");

    /// <summary>The highest working set in MB each named service's process has had since it started.</summary>
    public static Dictionary<string, double> PeakWorkingSetsMb(IEnumerable<string> services) => StatusMb(services, "VmHWM:");

    /// <summary>A size field of <c>/proc/&lt;pid&gt;/status</c> (given in kB) in MB, by service.</summary>
    static Dictionary<string, double> StatusMb(IEnumerable<string> services, string field)
    {
        var wanted = services.ToHashSet();
        var found = new Dictionary<string, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                if (ServiceOf(dir) is not { RunWrapper: false, Name: var name } || !wanted.Contains(name)) continue;
                var kb = File.ReadLines(Path.Combine(dir, "status"))
                    .Where(l => l.StartsWith(field, StringComparison.Ordinal))
                    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]))
                    .FirstOrDefault();
                found[name] = Math.Max(found.GetValueOrDefault(name), kb / 1024.0);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>
    /// The service name Aspire gave the process in <paramref name="procDir"/> (<c>OTEL_SERVICE_NAME</c> in its
    /// environment), and whether the process is only the <c>dotnet run</c> wrapper that started the service;
    /// null for a process that is no service. Throws what reading <c>/proc</c> throws.
    /// </summary>
    public static (string Name, bool RunWrapper)? ServiceOf(string procDir)
    {
        var name = Variable(File.ReadAllBytes(Path.Combine(procDir, "environ")), "OTEL_SERVICE_NAME");
        if (name is null) return null;
        var cmdline = File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' ');
        return (name, cmdline.Contains(" run ", StringComparison.Ordinal));
    }

    static string? Variable(byte[] environ, string key)
    {
        var prefix = key + "=";
        foreach (var entry in Encoding.UTF8.GetString(environ).Split('\0'))
            if (entry.StartsWith(prefix, StringComparison.Ordinal)) return entry[prefix.Length..];
        return null;
    }
}
