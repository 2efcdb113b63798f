using System.Net.Http.Headers;
using System.Net.Http.Json;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DxTrack.Gateway.Tests.Support;

/// <summary>
/// The gateway in-process, with its own PostgreSQL database and three echoing stand-ins for the services.
/// One per test collection; <see cref="StartGatewayAsync"/> makes further gateways with other settings
/// over the same database and stand-ins.
/// </summary>
public sealed class GatewayHost : IAsyncLifetime
{
    public const string SigningKey = "gateway-tests-signing-key-0123456789abcdef";
    public const string DashboardOrigin = "https://dashboard.dxtrack.test";

    readonly List<IAsyncDisposable> _owned = [];

    public TestDatabase Database { get; private set; } = null!;
    public EchoBackend Targets { get; private set; } = null!;
    public EchoBackend Submissions { get; private set; } = null!;
    public EchoBackend Notifications { get; private set; } = null!;
    public WebApplicationFactory<Program> Gateway { get; private set; } = null!;

    public DevTokenIssuer Issuer { get; } = new(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("gateway");
        Targets = await EchoBackend.StartAsync("targets");
        Submissions = await EchoBackend.StartAsync("submissions");
        Notifications = await EchoBackend.StartAsync("notifications");
        Gateway = await StartGatewayAsync();
    }

    /// <summary>A gateway with the test defaults, changed by <paramref name="settings"/>.</summary>
    /// <param name="kestrel">On a real Kestrel port instead of the in-memory test server (server limits and headers).</param>
    public async Task<WebApplicationFactory<Program>> StartGatewayAsync(IDictionary<string, string?>? settings = null,
        bool kestrel = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:gatewaydb"] = Database.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:DevIssuer:Enabled"] = "true",
            ["Gateway:Services:Targets"] = Targets.Address,
            ["Gateway:Services:Submissions"] = Submissions.Address,
            ["Gateway:Services:Notifications"] = Notifications.Address,
            ["Gateway:Cors:Origins:0"] = DashboardOrigin,
            ["Gateway:Limits:UpstreamTimeout"] = "00:00:02",
            ["Gateway:RateLimit:PermitsPerMinute"] = "100000",
            ["Gateway:RateLimit:AnonymousPermitsPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in all) web.UseSetting(key, value);
        });
        _owned.Add(factory);
        if (kestrel) factory.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        // Starts the host (and applies migrations) now, not inside the first test's timing.
        (await factory.CreateClient().GetAsync("/alive")).EnsureSuccessStatusCode();
        return factory;
    }

    public HttpClient Anonymous() => Gateway.CreateClient();

    public HttpClient As(string role, string? agency = null, string? subject = null) =>
        WithBearer(Gateway.CreateClient(), Issuer.Issue(role, agency, subject ?? $"test-{role}-{agency}"));

    public static HttpClient WithBearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
        foreach (var backend in new[] { Targets, Submissions, Notifications })
            if (backend is not null) await backend.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayHost>
{
    public const string Name = "gateway";
}

public static class HttpExtensions
{
    public static async Task<Echo> EchoAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Echo>())!;
}
