using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.EndToEnd.Tests;

/// <summary>
/// The whole system, started once for the test class by the real AppHost in <c>local</c> mode: the
/// operating system's servers on free ports, data in a fresh folder under <c>.dxtrack/e2e/</c>, the
/// gateway on a free port and a signing key known to the test.
/// </summary>
public sealed class DxTrackApp : IAsyncLifetime
{
    /// <summary>The development issuer's key the AppHost passes to every service (≥ 32 bytes).</summary>
    public const string SigningKey = "end-to-end-signing-key-not-a-secret-0123456789";

    static readonly string[] Services = ["targets", "submissions", "notifications", "gateway"];
    // The whole AppHost (three servers, the mail sink, four services, the dashboard) starts beside the fault
    // drills on two cores: 150-230 s seen in fresh-clone runs of ./test.sh, about a minute alone.
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    readonly string dataDirectory = Path.Combine(RepositoryRoot(), ".dxtrack", "e2e", Guid.NewGuid().ToString("N")[..8]);
    readonly DevTokenIssuer issuer = new(
        new AuthOptions { SigningKey = SigningKey, Issuer = "dxtrack-dev", Audience = "dxtrack" }, TimeProvider.System);
    DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The application has not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DxTrack_AppHost>(
        [
            "DxTrack:Mode=local",
            $"DxTrack:DataDirectory={dataDirectory}",
            "DxTrack:GatewayPort=0",
            "DxTrack:MailUiPort=0",
            $"Parameters:auth-signing-key={SigningKey}",
            "Parameters:postgres-password=end-to-end-postgres",
        ]);
        app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        try
        {
            foreach (var service in Services)
                await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The AppHost's resources were not all healthy within {StartTimeout}: {DescribeResources()}. " +
                "A service that fails at start (missing configuration, failing migration) shows here as not healthy.");
        }
    }

    /// <summary>An HTTP client for the gateway, with a bearer token for the role (and agency, for a reporter).</summary>
    public HttpClient Gateway(string role, string? agencyCode = null)
    {
        var client = App.CreateHttpClient("gateway", "http");
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            issuer.Issue(role, agencyCode, subject: $"e2e-{role}{(agencyCode is null ? "" : "-" + agencyCode)}", name: $"E2E {role}"));
        return client;
    }

    string DescribeResources() => string.Join("; ", App.Services.GetRequiredService<DistributedApplicationModel>().Resources
        .Select(r => App.ResourceNotifications.TryGetCurrentState(r.Name, out var e)
            ? $"{r.Name}={e.Snapshot.State?.Text ?? "?"}/{e.Snapshot.HealthStatus?.ToString() ?? "no health"}"
            : $"{r.Name}=unknown"));

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        // AppHost/local/postgres.sh moves PostgreSQL's data here when the postgres user cannot reach the checkout.
        var fallback = "/var/lib/postgresql/dxtrack-" + Convert.ToHexStringLower(
            System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(Path.Combine(dataDirectory, "postgres"))))[..8];
        foreach (var folder in new[] { dataDirectory, fallback })
        {
            try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // a server still closing its files; test.sh wipes .dxtrack/e2e too
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>A client for the gateway with no credentials, as curl starts.</summary>
    public HttpClient AnonymousGateway()
    {
        var client = App.CreateHttpClient("gateway", "http");
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
