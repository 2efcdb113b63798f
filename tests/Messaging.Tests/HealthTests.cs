using System.Net;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// <c>/health</c> says whether a service can do its work (its database and the broker answer), so the
/// AppHost and an orchestrator stop sending it traffic; <c>/alive</c> only says the process answers,
/// so nobody restarts it for an outage it cannot fix.
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
        Assert.Equal(HttpStatusCode.OK, await service.StatusAsync("/alive"));
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

        public static async Task<ServiceHost> StartAsync(string database, string broker)
        {
            var builder = WebApplication.CreateBuilder();
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
