using MassTransit;
using MassTransit.RetryPolicies;
using MassTransit.Transports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client.Exceptions;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A service's consumers re-attach within seconds of the broker's return, however many outages the
/// process has seen, and never give up; the failures retried are the ones MassTransit itself retries.
/// </summary>
public sealed class BrokerReconnectTests
{
    // ±25 % jitter on every wait.
    static readonly TimeSpan Longest = BrokerReconnect.MaxInterval * 1.25;

    [Fact]
    public void The_bus_of_every_service_reconnects_its_endpoints_within_seconds_however_many_times_it_failed_before()
    {
        var policy = Assert.IsType<ExponentialRetryPolicy>(ReconnectPolicyOfAServiceBus());

        Assert.Equal(int.MaxValue, policy.RetryLimit);
        // MassTransit's own policy waits 30 s from the fifth failure on; an endpoint counts failures for the process's life.
        // Each wait is drawn at random: many draws, so a bound that holds only sometimes fails here every time.
        foreach (var failures in new[] { 0, 1, 2, 3, 4, 5, 10, 100, 1_000, 100_000 })
            for (var draw = 0; draw < 1_000; draw++)
                Assert.InRange(policy.GetRetryInterval(failures), TimeSpan.Zero, Longest);
        for (var draw = 0; draw < 1_000; draw++)
            Assert.True(policy.GetRetryInterval(0) < BrokerReconnect.MaxInterval, "the first wait is shorter than the longest");
    }

    [Fact]
    public void Lost_connections_are_retried_and_refused_credentials_are_not()
    {
        var policy = ReconnectPolicyOfAServiceBus();

        Assert.True(policy.IsHandled(new RabbitMqConnectionException("connection lost")));
        Assert.True(policy.IsHandled(new EndOfStreamException("the broker closed the socket")));
        Assert.False(policy.IsHandled(new AuthenticationFailureException("ACCESS_REFUSED")));
    }

    /// <summary>The reconnect policy of a bus registered as every service registers it (not started: nothing connects).</summary>
    static IRetryPolicy ReconnectPolicyOfAServiceBus()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
        });
        builder.AddDxDatabase<TestDb>("testdb");
        builder.AddDxMessaging<TestDb>("reconnect", bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
        using var host = builder.Build();
        return host.Services.GetRequiredService<IBusInstance>().HostConfiguration.ReceiveTransportRetryPolicy;
    }
}
