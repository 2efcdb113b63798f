extern alias targets;
extern alias submissions;
extern alias notifications;

using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Security.Tests;

/// <summary>
/// The three services in-process, each reached directly (no gateway in front), with their own databases,
/// one RabbitMQ virtual host and Redis: exactly what a caller who bypasses the gateway would meet.
/// </summary>
public sealed class ServiceHosts : IAsyncLifetime
{
    public const string SigningKey = "security-tests-signing-key-0123456789abcdef";
    public const string OwnAgency = "AGA";
    public const string OtherAgency = "AGB";

    readonly List<IAsyncDisposable> _owned = [];
    readonly Dictionary<string, (Func<HttpClient> Client, IServiceProvider Services)> _hosts = [];

    public TestVirtualHost Bus { get; private set; } = null!;
    public DevTokenIssuer Issuer { get; } = new(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        Bus = await TestVirtualHost.CreateAsync("security");
        _owned.Add(Bus);
        var (redis, _) = await TestRedis.CreateAsync("security");

        // One after the other: the test host finds each service's entry point through process-wide hooks.
        await Start<targets::Program>("targets", redis);
        await Start<submissions::Program>("submissions", redis);
        await Start<notifications::Program>("notifications", redis);
    }

    async Task Start<TProgram>(string service, string redis) where TProgram : class
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
        });
        _owned.Add(factory);
        (await factory.CreateClient().GetAsync("/alive")).EnsureSuccessStatusCode();
        _hosts[service] = (factory.CreateClient, factory.Services);
    }

    /// <summary>A client of the service itself; with a role, it carries a token for that role.</summary>
    public HttpClient Client(string service, string? role = null, string? agency = null)
    {
        var client = _hosts[service].Client();
        if (role is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer",
                Issuer.Issue(role, agency, $"matrix-{role}-{agency ?? "none"}"));
        return client;
    }

    /// <summary>The API routes a service maps, as <c>METHOD /path/{}</c> with parameter names and constraints erased.</summary>
    public IReadOnlySet<string> Routes(string service) => _hosts[service].Services.GetRequiredService<EndpointDataSource>()
        .Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
            .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
        .ToHashSet();

    public static string Normalize(string path) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(path.Trim('/'), "{[^}]*}", "{}");

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
