using System.Net;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// <c>/health</c> says whether a service can do all its work (its database and the broker answer);
/// <c>/health/ready</c> whether it can serve requests (its database: reports wait in the outbox while the broker
/// is away), so the gateway and an orchestrator route by it; <c>/alive</c> only says the process answers,
/// so nobody restarts it for an outage it cannot fix. Dependency checks are shared and reused for a few seconds.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task With_the_database_unreachable_health_answers_503_and_alive_answers_200()
    {
        var postgres = new NpgsqlConnectionStringBuilder(await TestServers.PostgresAsync());
        await using var relay = new TcpRelay(postgres.Host!, postgres.Port);
        await using var database = await TestDatabase.CreateAsync("health");
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port };
        await using var vhost = await TestVirtualHost.CreateAsync("health");
        await using var service = await ServiceHost.StartAsync(throughRelay.ConnectionString, vhost.AmqpUri);

        await service.AssertHealthAsync(HttpStatusCode.OK, "with every server up");
        relay.Stop();

        await service.AssertHealthAsync(HttpStatusCode.ServiceUnavailable, "with the database unreachable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await service.StatusAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.OK, await service.StatusAsync("/alive"));
    }

    [Fact]
    public async Task With_the_broker_unreachable_health_answers_503_and_alive_answers_200()
    {
        await using var vhost = await TestVirtualHost.CreateAsync("health");
        var broker = new Uri(vhost.AmqpUri);
        await using var relay = new TcpRelay(broker.Host, broker.Port);
        var throughRelay = new UriBuilder(broker) { Host = "127.0.0.1", Port = relay.Port }.Uri.ToString();
        await using var database = await TestDatabase.CreateAsync("health");
        await using var service = await ServiceHost.StartAsync(database.ConnectionString, throughRelay);

        await service.AssertHealthAsync(HttpStatusCode.OK, "with every server up");
        relay.Stop();

        await service.AssertHealthAsync(HttpStatusCode.ServiceUnavailable, "with the broker unreachable");
        Assert.Equal(HttpStatusCode.OK, await service.StatusAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.OK, await service.StatusAsync("/alive"));
    }

    [Fact]
    public async Task Many_concurrent_probes_run_each_check_once_per_interval_and_a_failure_shows_after_one_interval()
    {
        var postgres = new NpgsqlConnectionStringBuilder(await TestServers.PostgresAsync());
        await using var relay = new TcpRelay(postgres.Host!, postgres.Port);
        await using var database = await TestDatabase.CreateAsync("health");
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port };
        await using var vhost = await TestVirtualHost.CreateAsync("health");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var probe = new CountedDatabaseCheck(throughRelay.ConnectionString);
        await using var service = await ServiceHost.StartAsync(throughRelay.ConnectionString, vhost.AmqpUri, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddHealthChecks().AddCheck("counted", probe, tags: [DxTrack.ServiceDefaults.Health.HealthTags.Ready]);
        });
        var interval = new DxTrack.ServiceDefaults.Health.HealthOptions().CacheDuration;

        // Time stands still unless the test moves it: each move lets every check run once more.
        await Eventually.Until(async () =>
        {
            clock.Advance(interval);
            return await service.StatusAsync("/health") == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "every server up");
        var before = probe.Calls;

        Assert.All(await service.ProbeManyAsync("/health", 200), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(await service.ProbeManyAsync("/health/ready", 100), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(before, probe.Calls);

        clock.Advance(interval);
        Assert.All(await service.ProbeManyAsync("/health", 200), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(before + 1, probe.Calls);

        relay.Stop();
        clock.Advance(interval);
        Assert.All(await service.ProbeManyAsync("/health", 100), status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.All(await service.ProbeManyAsync("/health/ready", 100), status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(before + 2, probe.Calls);
        Assert.Equal(HttpStatusCode.OK, await service.StatusAsync("/alive"));
    }

    /// <summary>A real dependency check (a query on the service's database) that counts how often it runs.</summary>
    sealed class CountedDatabaseCheck(string connectionString) : IHealthCheck
    {
        int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            Interlocked.Increment(ref _calls);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
    }

    /// <summary>A service put together as every DxTrack service is: service defaults, its database, the bus, the health endpoints.</summary>
    sealed class ServiceHost : IAsyncDisposable
    {
        readonly WebApplication _app;
        readonly HttpClient _http;

        ServiceHost(WebApplication app, Uri address)
        {
            _app = app;
            _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        }

        public static async Task<ServiceHost> StartAsync(string database, string broker,
            Action<IServiceCollection>? configure = null)
        {
            var builder = WebApplication.CreateBuilder();
            configure?.Invoke(builder.Services);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:testdb"] = database,
                ["ConnectionStrings:messaging"] = broker,
            });
            builder.AddServiceDefaults();
            builder.AddDxDatabase<TestDb>("testdb");
            // A consumer, as every service on the bus has: the bus's health is its endpoints' health.
            builder.AddDxMessaging<TestDb>("health", bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
            builder.Services.AddSingleton<Recorder>();
            var app = builder.Build();
            app.MapDefaultEndpoints();

            await MessagingHost.EnsureSchemaAsync(app.Services);
            await app.StartAsync(TestContext.Current.CancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
                .Addresses.Single();
            return new ServiceHost(app, new Uri(address));
        }

        public async Task<HttpStatusCode> StatusAsync(string path)
        {
            using var response = await _http.GetAsync(path, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        /// <summary>Asks <paramref name="path"/> <paramref name="count"/> times at once.</summary>
        public async Task<HttpStatusCode[]> ProbeManyAsync(string path, int count) =>
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StatusAsync(path)));

        public Task AssertHealthAsync(HttpStatusCode expected, string because) =>
            Eventually.Until(async () =>
                {
                    using var response = await _http.GetAsync("/health", TestContext.Current.CancellationToken);
                    return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                }, answer => answer.StatusCode == expected,
                TimeSpan.FromSeconds(60), because: $"/health should answer {(int)expected} {because}");

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _app.StopAsync(TimeSpan.FromSeconds(10));
            await _app.DisposeAsync();
        }
    }
}
