using System.Collections.Concurrent;
using DxTrack.Contracts;
using MassTransit;

namespace DxTrack.Targets.Tests.Support;

/// <summary>A small MassTransit bus in the test's vhost: records every event Targets publishes, and publishes the ones it consumes.</summary>
public sealed class BusProbe : IAsyncDisposable
{
    readonly IBusControl _bus;

    BusProbe(IBusControl bus) => _bus = bus;

    public ConcurrentQueue<object> Received { get; } = new();

    public IEnumerable<T> All<T>() => Received.OfType<T>();

    public static async Task<BusProbe> StartAsync(string amqpUri)
    {
        BusProbe? probe = null;
        var broker = new Uri(amqpUri);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker, h =>
            {
                var user = broker.UserInfo.Split(':', 2);
                h.Username(Uri.UnescapeDataString(user[0]));
                h.Password(Uri.UnescapeDataString(user[1]));
            });
            cfg.ReceiveEndpoint($"targets-tests-probe-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                Record<AgencyChanged>(e);
                Record<ObligationOpened>(e);
                Record<ObligationRescheduled>(e);
                Record<ObligationCancelled>(e);
            });
        });
        probe = new BusProbe(bus);
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return probe;

        void Record<T>(IReceiveEndpointConfigurator e) where T : class =>
            e.Handler<T>(ctx =>
            {
                probe!.Received.Enqueue(ctx.Message);
                return Task.CompletedTask;
            });
    }

    public Task PublishAsync<T>(T message) where T : class => _bus.Publish(message, TestContext.Current.CancellationToken);

    /// <summary>Publishes with a chosen message id, so a test can find the consumer's inbox row for it.</summary>
    public Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        _bus.Publish(message, ctx => ctx.MessageId = messageId, TestContext.Current.CancellationToken);

    /// <summary>Publishes with a correlation id, as a service's outbox does for a change a request made.</summary>
    public Task PublishAsync<T>(T message, string correlationId) where T : class =>
        _bus.Publish(message, ctx => ctx.Headers.Set(DxTrack.Messaging.Correlation.Header, correlationId),
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
