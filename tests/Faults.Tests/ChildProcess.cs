using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DxTrack.Faults.Tests;

/// <summary>
/// A server or service the drills start as a real child process, with its output in a log file, so a
/// drill can stop it cleanly, kill it outright and start it again on the same port and data.
/// </summary>
public class ChildProcess(string name, string fileName, IEnumerable<string> arguments, string logFile,
    IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) : IAsyncDisposable
{
    readonly List<string> _arguments = arguments.ToList();
    readonly object _logLock = new();
    Process? _process;
    StreamWriter? _log;

    public string Name { get; } = name;
    public string LogFile { get; } = logFile;
    public bool IsRunning => _process is { HasExited: false };
    public int? Pid => IsRunning ? _process!.Id : null;

    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        // Each server and service in a session of its own, as a service manager, pg_ctl or the AppHost
        // would start it. Linux shares the CPU between sessions first (autogroup scheduling): inside the
        // test host's session the whole drilled system (four services, three servers) got one share, while
        // each shared test server, and the end-to-end tests' AppHost with its processes, had sessions of their own.
        // setsid execs the program in place (a child of the test host is not a process group leader), so
        // the process id stays the program's own for signals.
        var ownSession = File.Exists(Setsid);
        var info = new ProcessStartInfo(ownSession ? Setsid : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(LogFile)!,
        };
        if (ownSession) info.ArgumentList.Add(fileName);
        foreach (var a in _arguments) info.ArgumentList.Add(a);
        // The test host's own settings (DOTNET_*, ASPNETCORE_*) must not leak into the services.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_") || k.StartsWith("DOTNET_") ||
                                                             k.StartsWith("OTEL_") || k.StartsWith("DXTRACK_")).ToList())
            info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;

        _log ??= new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Write($"--- {DateTimeOffset.UtcNow:O} starting {fileName} {string.Join(' ', _arguments)}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Track(process);
        // setpriv execs its command in place: the process is then that command.
        var program = fileName == "setpriv" ? _arguments[_arguments.IndexOf("--") + 1] : fileName;
        Leftovers.Record(Path.GetDirectoryName(LogFile)!, process.Id, program);
    }

    void Write(string line)
    {
        lock (_logLock) _log?.WriteLine(line);
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        Write($"--- {DateTimeOffset.UtcNow:O} killed (SIGKILL)");
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Sends a signal (SIGTERM, SIGINT) and waits for the exit; kills after <paramref name="patience"/>.</summary>
    public async Task StopAsync(int signal = Native.SigTerm, TimeSpan? patience = null)
    {
        if (_process is null || _process.HasExited) return;
        Write($"--- {DateTimeOffset.UtcNow:O} stopped (signal {signal})");
        Native.Signal(_process.Id, signal);
        using var wait = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(60));
        try { await _process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { await KillAsync(); }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return $"[{Name} log {LogFile}]\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e) { return $"[{Name} log unreadable: {e.Message}]"; }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await KillAsync();
        _log?.Dispose();
        _log = null;
        GC.SuppressFinalize(this);
    }

    const string Setsid = "/usr/bin/setsid";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Whatever happens to the test host (a failed fixture, Ctrl-C), no child outlives it.
    static readonly List<Process> All = [];

    static void Track(Process process)
    {
        lock (All)
        {
            if (All.Count == 0)
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    lock (All)
                        foreach (var p in All)
                            try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
                            catch (InvalidOperationException) { }
                };
            All.Add(process);
        }
    }
}
