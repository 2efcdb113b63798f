using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DxTrack.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DxTrack.Bench.Harness;

/// <summary>
/// The whole system as the bench runs it: the real AppHost in <c>local</c> mode (the operating system's
/// PostgreSQL, RabbitMQ, Redis and maildev) with fresh data under the bench's data folder, every service
/// built Release, logging at Information and telemetry exported to an Aspire dashboard, each service reached on its own
/// port rather than through the orchestrator's proxy. Two additions
/// for measurements only: <c>targets-uncached</c>, a second Targets process with
/// <c>Targets:DashboardCacheEnabled=false</c> (the uncached reference; it consumes no events), and reminders sent at 00:00
/// local time so the fan-out scenario does not depend on the hour the bench runs.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    public const string SigningKey = "bench-signing-key-not-a-secret-0123456789abcdef";
    public const string UncachedTargets = "targets-uncached";
    public static readonly string[] Services = ["targets", "submissions", "notifications", "gateway", UncachedTargets];

    readonly DistributedApplication _app;
    readonly DevTokenIssuer _issuer = new(
        new AuthOptions { SigningKey = SigningKey, Issuer = "dxtrack-dev", Audience = "dxtrack" }, TimeProvider.System);

    BenchSystem(DistributedApplication app, string dataFolder)
    {
        _app = app;
        DataFolder = dataFolder;
    }

    public string DataFolder { get; }

    /// <summary>Where maildev keeps every message it accepted, one <c>.eml</c> file each.</summary>
    public string MailFolder => Path.Combine(DataFolder, "mail", "messages");

    public static async Task<BenchSystem> StartAsync(string repositoryRoot, string dataFolder, TextWriter log, CancellationToken ct)
    {
        var builder = await ModelAsync(dataFolder, ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var app = await builder.BuildAsync(ct);
        var system = new BenchSystem(app, dataFolder);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);
        await Task.WhenAll(Services.Select(async service =>
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
            log.WriteLine($"  {service} healthy at {system.Endpoint(service)} ({clock.Elapsed.TotalSeconds:0} s)");
        }));
        return system;
    }

    /// <summary>The AppHost's model as the bench changes it, built but not started.</summary>
    internal static async Task<IDistributedApplicationTestingBuilder> ModelAsync(string dataFolder, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DxTrack_AppHost>(
            [
                "DxTrack:Mode=local",
                $"DxTrack:DataDirectory={dataFolder}",
                "DxTrack:GatewayPort=0",
                "DxTrack:MailUiPort=0",
                $"Parameters:auth-signing-key={SigningKey}",
                "Parameters:postgres-password=bench-postgres-password",
                // Telemetry on, as in production: the services export to the AppHost's dashboard.
                "ASPNETCORE_URLS=http://127.0.0.1:19888",
                "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:19889",
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            ],
            (options, _) => options.DisableDashboard = false, ct);
        // The servers' and services' own logs stay in the Aspire dashboard; the driver's console is for results.
        builder.Services.AddLogging(logging => logging
            .AddFilter("DxTrack.AppHost.Resources", LogLevel.None)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));

        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        foreach (var project in projects)
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
                .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
                .WithEnvironment("Logging__LogLevel__Default", "Information")
                .WithEndpoint("http", Unproxied);
            // The services start side by side once the servers are ready. The AppHost starts Targets
            // after the consumers of its events so that the demo data it publishes at first start finds
            // their queues bound; the bench loads its own data instead and publishes nothing before every
            // service is healthy, so that order would only add the health checks' polling to the start.
            foreach (var wait in project.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource is ProjectResource).ToList())
                project.Annotations.Remove(wait);
        }
        var targets = projects.Single(p => p.Name == "targets");
        builder.CreateResourceBuilder(targets).WithEnvironment("Targets__SeedDemoData", "false");
        var notifications = builder.CreateResourceBuilder(projects.Single(p => p.Name == "notifications"));
        notifications.WithEnvironment("Notifications__Policy__SendTime", "00:00");

        UncachedTargetsProject.Source = targets.GetProjectMetadata();
        var uncached = builder.AddProject<UncachedTargetsProject>(UncachedTargets, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: "http", isProxied: false);
        // Like Targets, it starts once its servers are ready (a start before PostgreSQL answers fails its migration).
        foreach (var server in new[] { "targetsdb", "messaging", "cache" })
        {
            var resource = Resource<IResourceWithConnectionString>(builder, server);
            uncached.WithReference(resource).WaitFor(resource);
        }
        uncached
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("Auth__SigningKey", SigningKey)
            .WithEnvironment("Auth__Issuer", "dxtrack-dev")
            .WithEnvironment("Auth__Audience", "dxtrack")
            .WithEnvironment("Targets__SeedDemoData", "false")
            .WithEnvironment("Targets__DashboardCacheEnabled", "false")
            // It answers reads only: Targets' events are Targets' to apply, not shared with a competing copy.
            .WithEnvironment("Messaging__Consume", "false")
            .WithHttpHealthCheck("/health");
        return builder;
    }

    /// <summary>
    /// A service endpoint the orchestrator does not proxy: the service listens on a free port of its own and is
    /// reached there, by the driver and by the other services alike, as in a deployment. Under <c>./run.sh</c> DCP
    /// relays every request to a service through a proxy process of its own (stable ports while a service restarts),
    /// whose CPU and extra hop on these two shared cores were counted against the system (results-findings.md,
    /// "Orchestrator proxy").
    /// </summary>
    static void Unproxied(EndpointAnnotation endpoint)
    {
        endpoint.IsProxied = false;
        endpoint.Port = null;
        endpoint.TargetPort = null;
    }

    static IResourceBuilder<T> Resource<T>(IDistributedApplicationBuilder builder, string name) where T : IResource =>
        builder.CreateResourceBuilder(builder.Resources.OfType<T>().Single(r => r.Name == name));

    public Uri Endpoint(string service) => _app.GetEndpoint(service, "http");

    /// <summary>RabbitMQ's management API (local mode runs the plugin; user and password as in the AMQP URI).</summary>
    public Uri BrokerManagementApi => _app.GetEndpoint("messaging", "management");

    public async Task<string> ConnectionStringAsync(string name, CancellationToken ct) =>
        await _app.GetConnectionStringAsync(name, ct) ?? throw new InvalidOperationException($"{name} has no connection string.");

    /// <summary>A bearer token of the development issuer (the key the AppHost gave every service).</summary>
    public string Token(string role, string? agency = null, string? subject = null) =>
        _issuer.Issue(role, agency, subject ?? $"bench-{role}-{agency}", TimeSpan.FromHours(2), $"Bench {role}");

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }


    /// <summary>Targets' own project, already built with the AppHost: run it again under another name, do not build it again.</summary>
    sealed class UncachedTargetsProject : IProjectMetadata
    {
        public static IProjectMetadata? Source { get; set; }

        public string ProjectPath => (Source ?? throw new InvalidOperationException("Targets' metadata is not set.")).ProjectPath;

        public bool SuppressBuild => true;
    }
}
