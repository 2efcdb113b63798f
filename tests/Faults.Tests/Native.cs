using System.Runtime.InteropServices;

namespace DxTrack.Faults.Tests;

/// <summary>POSIX signals: a clean stop (SIGTERM, SIGINT) is not the same fault as a kill (SIGKILL).</summary>
static class Native
{
    public const int SigInt = 2, SigQuit = 3, SigKill = 9, SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    static extern uint GetEuid();

    public static void Signal(int pid, int signal) => Kill(pid, signal);

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Every process started under <paramref name="pid"/>, children first, as Linux lists them.</summary>
    public static IEnumerable<int> Descendants(int pid)
    {
        string children;
        try { children = File.ReadAllText($"/proc/{pid}/task/{pid}/children"); }
        catch (IOException) { yield break; }
        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
        {
            yield return child;
            foreach (var grandchild in Descendants(child)) yield return grandchild;
        }
    }

    /// <summary>A process's command name (<c>/proc/pid/comm</c>), or empty if it is gone.</summary>
    public static string CommandName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return ""; }
    }
}
