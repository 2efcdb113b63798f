using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Submissions.Tests;

/// <summary>
/// One Submissions service for all tests: its own PostgreSQL database and RabbitMQ vhost, a fake clock
/// that starts at the real present (tokens stay valid) and only moves forward, and helpers to seed the
/// obligation replica through the bus.
/// </summary>
public sealed class SubmissionsHost : IAsyncLifetime
{
    readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    WebApplicationFactory<Program>? _factory;

    public TestDatabase Db { get; private set; } = null!;
    public TestVirtualHost Broker { get; private set; } = null!;
    // Whole seconds: PostgreSQL keeps microseconds, so instants compared after a round trip stay equal.
    public FakeTimeProvider Clock { get; } =
        new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    public ConcurrentQueue<string> Logs { get; } = new();
    public WebApplicationFactory<Program> App => _factory!;

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync("submissions");
        Broker = await TestVirtualHost.CreateAsync("submissions");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:submissionsdb", Db.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", Broker.AmqpUri);
            web.UseSetting("Auth:SigningKey", _signingKey);
            // Retries span a few seconds so out-of-order tests see both the retry and the parking.
            web.UseSetting("Messaging:RetryLimit", "6");
            web.UseSetting("Messaging:RetryMinInterval", "00:00:00.200");
            web.UseSetting("Messaging:RetryMaxInterval", "00:00:01");
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<ILoggerProvider>(new RecordingLoggerProvider(Logs));
            });
        });
        _ = _factory.Server; // start now: migrations, bus, consumers' queues
        await Task.CompletedTask;
    }

    public HttpClient Client(string role, string? agency = null, string? subject = null)
    {
        var token = new DevTokenIssuer(new AuthOptions { SigningKey = _signingKey }, TimeProvider.System)
            .Issue(role, agency, subject ?? $"{role}-{agency ?? "dx"}", TimeSpan.FromDays(365));
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Reporter(string agency) => Client(DxRoles.Reporter, agency, $"reporter-{agency}");
    public HttpClient Secretariat() => Client(DxRoles.Secretariat, "STTTT", "secretariat-1");

    public Task PublishAsync<T>(T message) where T : class =>
        App.Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);

    /// <summary>Publishes ObligationOpened and waits until the replica holds it.</summary>
    public async Task<ObligationOpened> OpenObligationAsync(string agency, ObligationSubject subject = ObligationSubject.Task,
        Measure? measure = null, DateTimeOffset? dueAt = null, string period = "2026-Q4")
    {
        var opened = new ObligationOpened(Guid.NewGuid(), agency, subject, Guid.NewGuid(),
            $"{subject}-{Random.Shared.Next(1000)}", $"Báo cáo {subject}", period,
            dueAt ?? Clock.GetUtcNow().AddDays(10), subject == ObligationSubject.Indicator ? measure ?? Measure.Percent : null,
            Clock.GetUtcNow());
        return await OpenAsync(opened);
    }

    /// <summary>Publishes an ObligationOpened as it is and waits until the replica holds it.</summary>
    public async Task<ObligationOpened> OpenAsync(ObligationOpened opened)
    {
        await PublishAsync(opened);
        await Eventually.Until(async () =>
                await Db.ScalarAsync<long>($"select count(*) from obligations where \"Id\" = '{opened.ObligationId}'") == 1,
            because: "the replica should receive ObligationOpened");
        return opened;
    }

    /// <summary>Publishes ObligationCancelled and waits until the replica has closed the obligation.</summary>
    public async Task CancelAsync(ObligationOpened opened, string reason = "Plan superseded")
    {
        await PublishAsync(new ObligationCancelled(opened.ObligationId, opened.AgencyCode, reason, Clock.GetUtcNow()));
        await Eventually.Until(async () =>
                await CountAsync("obligations", $"\"Id\" = '{opened.ObligationId}' and \"CancelledAt\" is not null") == 1,
            because: "the replica should receive ObligationCancelled");
    }

    public Task<long> CountAsync(string table, string where = "true") =>
        Db.ScalarAsync<long>($"select count(*) from {table} where {where}");

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await Broker.DisposeAsync();
        await Db.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SubmissionsCollection : ICollectionFixture<SubmissionsHost>
{
    public const string Name = "submissions";
}
