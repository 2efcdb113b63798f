using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace DxTrack.Messaging;

/// <summary>
/// How soon a consumer endpoint re-attaches after the broker comes back.
/// </summary>
/// <remarks>
/// <para>
/// MassTransit 8 reconnects each receive endpoint on a fixed policy (3 s growing to 30 s), and an
/// endpoint never resets that growth: once a service has seen a few connection failures, every later
/// broker restart leaves each of its endpoints idle for up to 30 s after the broker is back, and after
/// 1,000 failures in the process's life the endpoint stops for good. Events wait in their queues
/// meanwhile (nothing is lost), but reports reach Targets and Notifications half a minute late.
/// </para>
/// <para>
/// DxTrack keeps MassTransit's judgement of which failures are worth retrying and replaces the timing:
/// about 1 s, 1.7 s, then every 2 s (±25 %), without limit, so consumers are back within about 2 s of the broker.
/// A service has a handful of endpoints, so a broker that stays away gets a connection attempt per
/// endpoint every couple of seconds (each refused at once while it is down), which it does not notice.
/// The policy cannot be set through MassTransit 8's configuration API; it is a read-only property of the
/// RabbitMQ host configuration, set here before the bus starts. <see cref="Apply"/> fails at start-up,
/// not silently, if a MassTransit upgrade moves it.
/// </para>
/// </remarks>
public static class BrokerReconnect
{
    /// <summary>
    /// Step of the waits' growth (MassTransit's minimum and delta): the first wait after a lost connection is
    /// 0.8–1.35 s, the second 1.25–2.1 s, the next ones <see cref="MaxInterval"/> ±25 %.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest wait between two attempts (before ±25 % jitter).</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(2);

    const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>Replaces the receive endpoints' reconnect policy of the bus being configured.</summary>
    public static void Apply(IRabbitMqBusFactoryConfigurator bus)
    {
        var host = HostOf(bus);
        var field = typeof(RabbitMqHostConfiguration).GetField($"<{nameof(RabbitMqHostConfiguration.ReceiveTransportRetryPolicy)}>k__BackingField", Private)
                    ?? throw Moved("RabbitMqHostConfiguration.ReceiveTransportRetryPolicy is no longer an auto-property");
        var original = host.ReceiveTransportRetryPolicy;
        field.SetValue(host, Retry.CreatePolicy(r =>
        {
            r.Handle<Exception>(original.IsHandled);
            r.Exponential(int.MaxValue, MinInterval, MaxInterval, MinInterval);
        }));
    }

    static RabbitMqHostConfiguration HostOf(IRabbitMqBusFactoryConfigurator bus) =>
        bus.GetType().GetField("_hostConfiguration", Private)?.GetValue(bus) as RabbitMqHostConfiguration
        ?? throw Moved($"{bus.GetType().Name} no longer holds its RabbitMqHostConfiguration in _hostConfiguration");

    static InvalidOperationException Moved(string what) =>
        new($"The broker reconnect policy cannot be applied: {what}. MassTransit's internals changed; see BrokerReconnect.");
}
