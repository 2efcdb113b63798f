using Microsoft.Extensions.Configuration;
using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DxTrack.Messaging.Tests;

/// <summary>A service process in miniature: the real registration path against real servers.</summary>
public sealed class MessagingHost : IAsyncDisposable
{
    readonly IHost _host;

    MessagingHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public Recorder Recorder => _host.Services.GetRequiredService<Recorder>();
    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public static async Task<MessagingHost> StartAsync(TestDatabase database, TestVirtualHost vhost, string service,
        Action<IBusRegistrationConfigurator>? consumers = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = database.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            ["Messaging:RetryLimit"] = "5",
            ["Messaging:RetryMinInterval"] = "00:00:00.050",
            ["Messaging:RetryMaxInterval"] = "00:00:00.200",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDxDatabase<TestDb>("testdb");
        builder.AddDxMessaging<TestDb>(service, bus =>
        {
            bus.AddConsumeObserver<DeliveryCounter>();
            consumers?.Invoke(bus);
        });
        builder.Services.AddSingleton<Recorder>();

        var host = builder.Build();
        await EnsureSchemaAsync(host.Services);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new MessagingHost(host);
    }

    /// <summary>Creates the test schema as the database's owner, as a service's migrations would (requests act as the writer role, which creates nothing).</summary>
    public static async Task EnsureSchemaAsync(IServiceProvider services)
    {
        var owner = services.GetRequiredService<IConfiguration>().GetConnectionString("testdb")!;
        await using var db = new TestDb(new DbContextOptionsBuilder<TestDb>().UseNpgsql(owner).Options);
        await db.Database.EnsureCreatedAsync();
    }

    /// <summary>A fresh context on the host's database, as a request would get.</summary>
    public async Task<T> WithDbAsync<T>(Func<TestDb, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TestDb>());
    }

    public OutboxDispatcher<TestDb> Dispatcher => _host.Services.GetRequiredService<OutboxDispatcher<TestDb>>();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

/// <summary>A context built straight from a connection string: a process that commits and then dies.</summary>
public static class RawDb
{
    public static TestDb Open(TestDatabase database) =>
        new(new DbContextOptionsBuilder<TestDb>().UseNpgsql(database.ConnectionString).Options);
}
