using System.Diagnostics;
using DxTrack.Bench;
using DxTrack.Bench.Harness;
using DxTrack.Bench.Report;
using DxTrack.Bench.Scenarios;

// bench/run.sh builds this Release and runs it under the AppHost lock; see bench/README.md.
var root = RepositoryRoot();

// `--render [results.json]`: rewrite RESULTS.md beside it from the JSON, with the current method and findings texts.
if (args is ["--render", ..])
{
    var json = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(root, "bench", "results.json"));
    var rendered = ReportWriter.ToMarkdown(ReportWriter.FromJson(await File.ReadAllTextAsync(json)),
        ReadIfExists(Path.Combine(root, "bench", "results-method.md")),
        ReadIfExists(Path.Combine(root, "bench", "results-findings.md")));
    await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(json)!, "RESULTS.md"), rendered);
    Console.WriteLine($"Wrote {Path.Combine(Path.GetDirectoryName(json)!, "RESULTS.md")}");
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, root);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var log = Console.Out;
var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = MachineInfo.LoadAverage();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

if (Directory.Exists(options.DataFolder)) Directory.Delete(options.DataFolder, recursive: true);
log.WriteLine($"Starting the system (local mode, Release, data in {options.DataFolder})…");
var clock = Stopwatch.StartNew();
await using var system = await BenchSystem.StartAsync(root, options.DataFolder, log, ct);
var startSeconds = clock.Elapsed.TotalSeconds;
log.WriteLine($"  started in {startSeconds:0} s");
var memoryAtStart = ServiceProcesses.WorkingSetsMb(BenchSystem.Services);

log.WriteLine($"Loading {options.Agencies:N0} agencies × {options.Indicators} indicators × {options.Months} months…");
var obligations = await DataSet.LoadAsync(
    await system.ConnectionStringAsync("targetsdb", ct), await system.ConnectionStringAsync("submissionsdb", ct),
    await system.ConnectionStringAsync("notificationsdb", ct), options.Agencies, options.Indicators, options.Months, log, ct);

var loadSeconds = clock.Elapsed.TotalSeconds - startSeconds;
var context = new BenchContext(system, options, log);
var figures = new List<BenchFigure>();
async Task Run(string name, string scenario, string figure, string bar, Func<Task<IEnumerable<BenchFigure>>> body)
{
    if (!options.Runs(name)) return;
    log.WriteLine($"Scenario {name}…");
    var started = Stopwatch.StartNew();
    try
    {
        figures.AddRange(await body());
    }
    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        log.WriteLine($"  failed: {e}");
        figures.Add(BenchFigure.NotMeasured(scenario, figure, bar, $"the scenario failed: {e.GetType().Name}: {e.Message}"));
    }
    log.WriteLine($"  ({started.Elapsed.TotalSeconds:0} s)");
}

await Run("gateway", "gateway overhead", "GET through the gateway vs straight to the service", "≥ 0.7× direct, p50 added ≤ 1 ms",
    () => ReadScenarios.GatewayOverheadAsync(context, ct));
await Run("dashboard", "dashboard overview read", "cached vs uncached throughput, 50 connections", "≥ 20×, p99 ≤ 10 ms",
    () => ReadScenarios.DashboardAsync(context, ct));
await Run("intake", "submission intake", "accepted submissions/s with p99 < 250 ms", "≥ 1,000/s",
    () => WriteScenarios.IntakeAsync(context, ct));
await Run("propagation", "propagation", "accepted submission → dashboard API at 200/s", "p99 ≤ 1 s",
    () => WriteScenarios.PropagationAsync(context, ct));
await Run("outbox", "outbox dispatch", "outbox → broker vs bare publish; reminder fan-out", "≥ 0.5×; 60 s",
    () => MessagingScenarios.OutboxAndFanOutAsync(context, ct));
if (options.Runs("memory"))
    figures.AddRange(MemoryScenario.Figures(memoryAtStart, ServiceProcesses.WorkingSetsMb(BenchSystem.Services),
        ServiceProcesses.PeakWorkingSetsMb(BenchSystem.Services)));

var report = new BenchReport(startedAt, DateTimeOffset.UtcNow, options.Quick ? "quick" : "full", Commit(root),
    new DataSetSize(options.Agencies, options.Indicators, options.Months, obligations),
    MachineInfo.Read(loadAtStart), figures,
    [
        $"The system started in {startSeconds:0} s; the data set loaded in {loadSeconds:0} s. Release build, ASPNETCORE_ENVIRONMENT=Production, each service's own logging configuration, OpenTelemetry exported to the AppHost's dashboard.",
    ]);
Directory.CreateDirectory(options.OutputFolder);
var jsonPath = Path.Combine(options.OutputFolder, "results.json");
var mdPath = Path.Combine(options.OutputFolder, "RESULTS.md");
await File.WriteAllTextAsync(jsonPath, ReportWriter.ToJson(report), ct);
await File.WriteAllTextAsync(mdPath, ReportWriter.ToMarkdown(report,
    ReadIfExists(Path.Combine(root, "bench", "results-method.md")),
    ReadIfExists(Path.Combine(root, "bench", "results-findings.md"))), ct);
log.WriteLine($"Wrote {mdPath} and {jsonPath}");
foreach (var f in figures) log.WriteLine($"  {ReportWriter.VerdictText(f.Verdict),-14} {f.Scenario}: {f.Figure}: {f.Measured} (ref {f.Reference})");
return 0;

static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

static string Commit(string root)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        });
        var commit = git?.StandardOutput.ReadToEnd().Trim();
        git?.WaitForExit();
        return string.IsNullOrEmpty(commit) ? "unknown" : commit;
    }
    catch (System.ComponentModel.Win32Exception) { return "unknown"; }
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
