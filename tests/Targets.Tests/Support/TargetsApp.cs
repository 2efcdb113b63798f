using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Data;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DxTrack.Targets.Tests.Support;

/// <summary>
/// The Targets service on real PostgreSQL, RabbitMQ (own vhost) and Redis (own key prefix), with a bus probe
/// in the same vhost that records published events and can publish the events Targets consumes.
/// </summary>
public class TargetsApp : IAsyncLifetime
{
    public const string SigningKey = "targets-tests-signing-key-0123456789abcdef";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    WebApplicationFactory<Program>? _factory;

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public BusProbe Bus { get; private set; } = null!;
    public string RedisConfiguration { get; private set; } = "";
    public string RedisPrefix { get; private set; } = "";
    public ConnectionMultiplexer? Redis { get; private set; }

    /// <summary>Where the service looks for Redis; a closed port stands for "Redis is down".</summary>
    protected virtual string ServiceRedis(string real) => real;

    protected virtual bool SeedDemoData => false;

    /// <summary>Further settings of the service under test.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Whether the service should have reached Redis before a test starts.</summary>
    protected virtual bool RedisReachable => true;

    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("targets");
        VirtualHost = await TestVirtualHost.CreateAsync("targets");
        (RedisConfiguration, RedisPrefix) = await TestRedis.CreateAsync("targets");
        Redis = await ConnectionMultiplexer.ConnectAsync(RedisConfiguration);
        Bus = await BusProbe.StartAsync(VirtualHost.AmqpUri);

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:targetsdb", Database.ConnectionString);
            b.UseSetting("ConnectionStrings:messaging", VirtualHost.AmqpUri);
            b.UseSetting("ConnectionStrings:cache", ServiceRedis(RedisConfiguration));
            b.UseSetting("Auth:SigningKey", SigningKey);
            b.UseSetting("Targets:CacheKeyPrefix", RedisPrefix);
            b.UseSetting("Targets:SeedDemoData", SeedDemoData ? "true" : "false");
            b.UseSetting("Targets:RedisRetryAfterSeconds", "1");
            foreach (var (key, value) in Settings) b.UseSetting(key, value);
        });
        _ = _factory.Server; // start now: migrations, bus, seeding

        // The service connects to Redis in the background and serves from PostgreSQL until then; tests about
        // caching start once it is connected, as they would on a running system.
        if (RedisReachable)
            await Eventually.Until(() => Task.FromResult(Services.GetRequiredService<IConnectionMultiplexer>().IsConnected),
                because: "the service connects to Redis");
    }

    public HttpClient Client(string role = DxRoles.Secretariat, string? agency = null)
    {
        var client = _factory!.CreateClient();
        var token = new DevTokenIssuer(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System)
            .Issue(role, agency, $"test-{role}-{agency}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => _factory!.CreateClient();

    /// <summary>
    /// Publishes an event Targets consumes and waits until Targets has applied it (its inbox row is committed), so a
    /// test can assert that an event changed nothing.
    /// </summary>
    public async Task DeliverAsync<T>(T message) where T : class
    {
        var id = Guid.NewGuid();
        await Bus.PublishAsync(message, id);
        await Eventually.Until(async () =>
                await Database.ScalarAsync<int>($"SELECT count(*)::int FROM inbox_messages WHERE message_id = '{id}'") > 0,
            because: $"Targets applies {typeof(T).Name}");
    }

    public async Task<T> WithDbAsync<T>(Func<TargetsDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TargetsDb>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await Bus.DisposeAsync();
        Redis?.Dispose();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
