using System.Text;

namespace DxTrack.Bench.Harness;

/// <summary>
/// Finds each service's process (started by the AppHost's orchestrator) by the service name Aspire gives it
/// (<c>OTEL_SERVICE_NAME</c> in its environment) and reads its working set from <c>/proc</c>.
/// </summary>
public static class ServiceProcesses
{
    /// <summary>Resident set (working set) in MB of each named service's process; a service not found is absent.</summary>
    public static Dictionary<string, double> WorkingSetsMb(IEnumerable<string> services)
    {
        var wanted = services.ToHashSet();
        var found = new Dictionary<string, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                var name = Variable(environ, "OTEL_SERVICE_NAME");
                if (name is null || !wanted.Contains(name)) continue;
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(" run ", StringComparison.Ordinal)) continue; // a `dotnet run` wrapper, not the service
                var rssKb = File.ReadLines(Path.Combine(dir, "status"))
                    .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]))
                    .FirstOrDefault();
                found[name] = Math.Max(found.GetValueOrDefault(name), rssKb / 1024.0);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    static string? Variable(byte[] environ, string key)
    {
        var prefix = key + "=";
        foreach (var entry in Encoding.UTF8.GetString(environ).Split('\0'))
            if (entry.StartsWith(prefix, StringComparison.Ordinal)) return entry[prefix.Length..];
        return null;
    }
}
