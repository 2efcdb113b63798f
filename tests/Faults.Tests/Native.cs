using System.Runtime.InteropServices;

namespace DxTrack.Faults.Tests;

/// <summary>POSIX signals: a clean stop (SIGTERM, SIGINT) is not the same fault as a kill (SIGKILL).</summary>
static class Native
{
    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    static extern uint GetEuid();

    public static void Signal(int pid, int signal) => Kill(pid, signal);

    public static bool IsRoot => GetEuid() == 0;
}
