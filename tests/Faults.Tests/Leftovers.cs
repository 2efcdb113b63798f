namespace DxTrack.Faults.Tests;

/// <summary>
/// What an earlier run could not stop because its test host was killed (a hang timeout, a SIGKILL):
/// every child process is recorded by id in its run's folder, and the next run ends those still
/// alive — with their descendants, found by parent id — and removes the folder.
/// </summary>
public static class Leftovers
{
    const string Prefix = "dxtrack-faults-";
    const string PidFile = "children.pids";
    const string OwnerFile = "owner.pid";

    public static void Claim(string folder) => File.WriteAllText(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString());

    public static void Record(string folder, int pid, string fileName)
    {
        try { File.AppendAllText(Path.Combine(folder, PidFile), $"{pid} {Path.GetFileName(fileName)}\n"); }
        catch (IOException) { }
    }

    public static void EndAbandonedRuns()
    {
        foreach (var folder in Directory.GetDirectories("/tmp", Prefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var ownerPid) || Alive(ownerPid)) continue;
            var pids = File.Exists(Path.Combine(folder, PidFile))
                ? File.ReadAllLines(Path.Combine(folder, PidFile)).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2 && int.TryParse(p[0], out _))
                    .Select(p => (Pid: int.Parse(p[0]), Name: p[1])).ToList()
                : [];
            foreach (var (pid, name) in pids)
            {
                // Only if the id still belongs to what was started (ids are reused).
                if (!Alive(pid) || !CommandLine(pid).Contains(name, StringComparison.Ordinal)) continue;
                foreach (var p in Descendants(pid).Append(pid)) Native.Signal(p, Native.SigKill);
            }
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }

    static IEnumerable<int> Descendants(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate)) continue;
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == pid) children.Add(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { }
        }
        return children.SelectMany(c => Descendants(c).Append(c)).ToList();
    }
}
