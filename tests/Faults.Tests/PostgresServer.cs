using System.Diagnostics;
using Npgsql;

namespace DxTrack.Faults.Tests;

/// <summary>
/// A private PostgreSQL server from the operating system's package, in a folder of its own, on a free
/// port. As root it runs as the <c>postgres</c> user (PostgreSQL refuses root): <c>setpriv</c> execs the
/// server in place, so the signals the drills send reach postgres itself. Trust authentication on
/// loopback only: the server is private to one test run.
/// </summary>
public sealed class PostgresServer(string name, string folder) : IAsyncDisposable
{
    readonly string _data = Path.Combine(folder, name);
    ChildProcess? _process;

    public int Port { get; } = ChildProcess.FreePort();

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    public ChildProcess Process => _process ?? throw new InvalidOperationException($"{name} was never started.");

    public async Task StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                      .Where(b => File.Exists(Path.Combine(b, "postgres")))
                      .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).LastOrDefault()
                  ?? throw new InvalidOperationException("PostgreSQL is not installed; run scripts/prereqs.sh --servers.");
        if (_process is null)
        {
            Directory.CreateDirectory(_data);
            if (Native.IsRoot) await RunAsync("chown", "postgres:postgres", _data);
            File.SetUnixFileMode(_data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await RunAsync(AsPostgres(Path.Combine(bin, "initdb"), "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8"));
            var command = AsPostgres(Path.Combine(bin, "postgres"), "-D", _data, "-p", Port.ToString(), "-k", _data,
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            _process = new ChildProcess(name, command[0], command.Skip(1), _data + ".log");
        }
        _process.Start();
        await WaitReadyAsync();
    }

    /// <summary>Fast shutdown (SIGINT): open transactions roll back, clients are cut off.</summary>
    public Task StopAsync() => Process.StopAsync(Native.SigInt);

    async Task WaitReadyAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await conn.OpenAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                if (!Process.IsRunning || watch.Elapsed > TimeSpan.FromSeconds(60))
                    throw new InvalidOperationException($"{name} did not start: {e.Message}\n{Process.Tail()}");
                await Task.Delay(100);
            }
        }
    }

    static string[] AsPostgres(params string[] command) =>
        Native.IsRoot ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. command] : command;

    static Task RunAsync(params string[] command) => RunAsync(command[0], command[1..]);

    static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(Native.SigInt, TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
    }
}
