using System.Diagnostics;

namespace DxTrack.Faults.Tests;

/// <summary>
/// One DxTrack service run as the AppHost runs it — <c>dotnet DxTrack.X.dll</c> from its build output,
/// configured by environment variables — so a drill can kill it for real and start it again.
/// </summary>
public sealed class ServiceProcess : ChildProcess
{
    static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    public ServiceProcess(string name, string project, string folder, IReadOnlyDictionary<string, string> environment, int? port = null)
        : this(name, project, folder, environment, port ?? FreePort()) { }

    ServiceProcess(string name, string project, string folder, IReadOnlyDictionary<string, string> environment, int port)
        : base(name, "dotnet", [Dll(project)], Path.Combine(folder, name + ".log"),
            new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" },
            Path.GetDirectoryName(Dll(project)))
    {
        Port = port;
    }

    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}");

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        Start();
        await WaitHealthyAsync(timeout ?? TimeSpan.FromSeconds(180));
    }

    /// <summary>Waits until <c>/health</c> says the service reached its database and the broker.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var last = "no answer";
        while (true)
        {
            if (!IsRunning) throw new InvalidOperationException($"{Name} exited while starting.\n{Tail(60)}");
            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, "/health"));
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"{Name} was not healthy within {timeout} (last: {last}).\n{Tail(60)}");
            await Task.Delay(200);
        }
    }

    /// <summary>The service's entry assembly in the configuration this test project was built in.</summary>
    static string Dll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(FaultSystem.RepositoryRoot, "services", project, "bin", configuration, "net10.0", $"DxTrack.{project}.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build the solution (or tests/Faults.Tests, which builds the services) first.");
        return dll;
    }
}
