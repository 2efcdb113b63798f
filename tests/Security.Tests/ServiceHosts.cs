extern alias targets;
extern alias submissions;
extern alias notifications;
extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Security.Tests;

/// <summary>
/// The three services and the gateway in-process, each reached directly (nothing in front), with their own
/// databases, one RabbitMQ virtual host and a Redis key prefix: exactly what a caller who bypasses the
/// gateway would meet. One set for every test class (<see cref="Collection"/>): starting them is the slow part.
/// </summary>
public sealed class ServiceHosts : IAsyncLifetime
{
    public const string Collection = "services";
    public const string SigningKey = "security-tests-signing-key-0123456789abcdef";
    public const string OwnAgency = "AGA";
    public const string OtherAgency = "AGB";

    /// <summary>Every service that maps routes under <c>/api</c>, the gateway's own included.</summary>
    public static readonly string[] Services = ["targets", "submissions", "notifications", "gateway"];

    readonly List<IAsyncDisposable> _owned = [];
    readonly Dictionary<string, (Func<HttpClient> Client, IServiceProvider Services)> _hosts = [];
    readonly SemaphoreSlim _agenciesOnce = new(1, 1);
    bool _agenciesRegistered;

    public TestVirtualHost Bus { get; private set; } = null!;
    public DevTokenIssuer Issuer { get; } = new(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        Bus = await TestVirtualHost.CreateAsync("security");
        _owned.Add(Bus);
        var (redis, prefix) = await TestRedis.CreateAsync("security");

        // One after the other: the test host finds each service's entry point through process-wide hooks.
        await Start<targets::Program>("targets", redis, ("Targets:CacheKeyPrefix", prefix));
        await Start<submissions::Program>("submissions", redis);
        await Start<notifications::Program>("notifications", redis);
        await Start<gateway::Program>("gateway", redis,
            ("Gateway:RateLimit:PermitsPerMinute", "100000"), ("Gateway:RateLimit:AnonymousPermitsPerMinute", "100000"));
    }

    async Task Start<TProgram>(string service, string redis, params (string Key, string Value)[] settings) where TProgram : class
    {
        var database = await TestDatabase.CreateAsync($"security_{service}");
        _owned.Add(database);
        var factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            web.UseSetting($"ConnectionStrings:{service}db", database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", Bus.AmqpUri);
            web.UseSetting("ConnectionStrings:cache", redis);
            web.UseSetting("ConnectionStrings:mail", "smtp://127.0.0.1:2525");
            web.UseSetting("Auth:SigningKey", SigningKey);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        _owned.Add(factory);
        (await factory.CreateClient().GetAsync("/alive")).EnsureSuccessStatusCode();
        _hosts[service] = (factory.CreateClient, factory.Services);
    }

    /// <summary>A client of the service itself; with a role, it carries a token for that role.</summary>
    public HttpClient Client(string service, string? role = null, string? agency = null, string? subject = null)
    {
        var client = _hosts[service].Client();
        if (role is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer",
                Issuer.Issue(role, agency, subject ?? $"matrix-{role}-{agency ?? "none"}"));
        return client;
    }

    /// <summary>
    /// The API routes a service maps, as <c>METHOD /path/{}</c> with parameter names and constraints erased.
    /// The gateway's catch-alls (its proxy routes and the unknown-path fallback) forward rather than answer:
    /// the services' own routes behind them are in the matrix, the forwarding in the gateway's tests.
    /// </summary>
    public IReadOnlySet<string> Routes(string service) => _hosts[service].Services.GetRequiredService<EndpointDataSource>()
        .Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
        .Where(e => service != "gateway" || !e.RoutePattern.RawText!.Contains("{**", StringComparison.Ordinal))
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
            .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
        .ToHashSet();

    public static string Normalize(string path) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(path.Trim('/'), "{[^}]*}", "{}");

    /// <summary>
    /// Registers <see cref="OwnAgency"/> and <see cref="OtherAgency"/> in Targets, each with a contact, as the
    /// secretariat would. Targets publishes them, so Submissions and Notifications learn them from events.
    /// </summary>
    public async Task RegisterAgenciesAsync(CancellationToken ct)
    {
        await _agenciesOnce.WaitAsync(ct);
        try
        {
            if (_agenciesRegistered) return;
            var secretariat = Client("targets", DxRoles.Secretariat);
            foreach (var code in new[] { OwnAgency, OtherAgency })
            {
                var response = await secretariat.PostAsJsonAsync("/api/targets/agencies", new
                {
                    code, name = $"Sở thử nghiệm {code}", kind = "Department",
                    contacts = new[] { new { name = $"Trưởng phòng {code}", email = ContactEmail(code), phone = "0912345678", isHead = true } },
                }, ct);
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
                    $"{code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
            _agenciesRegistered = true;
        }
        finally
        {
            _agenciesOnce.Release();
        }
    }

    public static string ContactEmail(string agency) => $"head@{agency.ToLowerInvariant()}.backan.test";

    /// <summary>The quarter today falls in (e.g. <c>2026-Q4</c>): obligations for it are open and accept reports.</summary>
    public static string CurrentQuarter
    {
        get
        {
            var today = DateTime.UtcNow;
            return $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";
        }
    }

    /// <summary>An obligation of the agency, opened by the secretariat in Targets, once Notifications has it.</summary>
    public async Task<Guid> OpenObligationAsync(string agency, CancellationToken ct)
    {
        await RegisterAgenciesAsync(ct);
        var response = await Client("targets", DxRoles.Secretariat).PostAsJsonAsync("/api/targets/obligations", new
        {
            agencyCode = agency, title = "Báo cáo tiến độ chuyển đổi số", period = CurrentQuarter,
            dueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), subjectCode = "NV-01",
        }, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        var id = (await response.Content.ReadFromJsonAsync<IdOnly>(ct))!.Id;

        var notifications = Client("notifications", DxRoles.Viewer);
        await Eventually.Until(() => notifications.GetAsync($"/api/notifications/obligations/{id}", ct),
            r => r.StatusCode == HttpStatusCode.OK, because: "the obligation reaches the Notifications replica");
        return id;
    }

    /// <summary>A progress report of the agency's reporter on the obligation, once Submissions has the obligation.</summary>
    public async Task<Guid> SubmitProgressAsync(Guid obligation, string agency, CancellationToken ct)
    {
        var report = new
        {
            obligationId = obligation,
            progress = new { status = "InProgress", percentComplete = 40, note = "Đã triển khai 4/10 thủ tục" },
            evidence = new[] { new { url = "https://backan.gov.vn/van-ban/123", title = "Báo cáo số 123" } },
        };
        var reporter = Client("submissions", DxRoles.Reporter, agency);
        var created = await Eventually.Until(() => reporter.PostAsJsonAsync("/api/submissions", report, ct),
            r => r.StatusCode == HttpStatusCode.Created, because: "the obligation reaches the Submissions replica");
        return (await created.Content.ReadFromJsonAsync<IdOnly>(ct))!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}

/// <summary>A response's id, whatever else it carries.</summary>
public sealed record IdOnly(Guid Id);

[CollectionDefinition(ServiceHosts.Collection)]
public sealed class ServiceCollection : ICollectionFixture<ServiceHosts>;
