using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;

namespace DxTrack.Bench.Scenarios;

/// <summary>
/// Durable queues bound to an exchange for the length of a measurement, then deleted with what they hold.
/// <see cref="DivertAsync"/> also takes the exchange's own bindings off it meanwhile (the services' queues), so
/// for that time only the bench's queues receive what is published to it; they are put back on dispose.
/// </summary>
public sealed class BenchQueues : IAsyncDisposable
{
    readonly IConnection _connection;
    readonly IChannel _channel;
    readonly string _exchange;
    readonly List<string> _queues = [];
    readonly List<Binding> _diverted = [];

    BenchQueues(IConnection connection, IChannel channel, string exchange)
    {
        _connection = connection;
        _channel = channel;
        _exchange = exchange;
    }

    public static Task<BenchQueues> BindAsync(string amqpUri, string exchange, int count, CancellationToken ct) =>
        CreateAsync(amqpUri, exchange, count, [], ct);

    /// <summary>
    /// Like <see cref="BindAsync"/>, with the exchange's current bindings (read from the management API) removed
    /// until dispose: what is published to <paramref name="exchange"/> meanwhile reaches no consumer.
    /// </summary>
    public static async Task<BenchQueues> DivertAsync(string amqpUri, Uri managementApi, string exchange, int count,
        CancellationToken ct) =>
        await CreateAsync(amqpUri, exchange, count, await BindingsFromAsync(amqpUri, managementApi, exchange, ct), ct);

    static async Task<BenchQueues> CreateAsync(string amqpUri, string exchange, int count, IReadOnlyList<Binding> divert,
        CancellationToken ct)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queues = new BenchQueues(connection, channel, exchange);
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var queue = $"bench-reference-{i}";
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
                await channel.QueueBindAsync(queue, exchange, "", cancellationToken: ct);
                queues._queues.Add(queue);
            }
            foreach (var binding in divert)
            {
                if (binding.DestinationType == "queue")
                    await channel.QueueUnbindAsync(binding.Destination, exchange, binding.RoutingKey, cancellationToken: ct);
                else
                    await channel.ExchangeUnbindAsync(binding.Destination, exchange, binding.RoutingKey, cancellationToken: ct);
                queues._diverted.Add(binding);
            }
            return queues;
        }
        catch
        {
            await queues.DisposeAsync();
            throw;
        }
    }

    /// <summary>Puts the diverted bindings back first (the services' queues), then deletes the bench's queues.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var binding in _diverted)
        {
            if (binding.DestinationType == "queue")
                await _channel.QueueBindAsync(binding.Destination, _exchange, binding.RoutingKey);
            else
                await _channel.ExchangeBindAsync(binding.Destination, _exchange, binding.RoutingKey);
        }
        foreach (var queue in _queues) await _channel.QueueDeleteAsync(queue);
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>One binding of an exchange as the management API lists it (only those without arguments are diverted).</summary>
    public sealed record Binding(string Destination, string DestinationType, string RoutingKey);

    sealed record ManagementBinding(string destination, string destination_type, string routing_key,
        Dictionary<string, object>? arguments);

    static async Task<IReadOnlyList<Binding>> BindingsFromAsync(string amqpUri, Uri managementApi, string exchange,
        CancellationToken ct)
    {
        var user = Uri.UnescapeDataString(new Uri(amqpUri).UserInfo);
        using var http = new HttpClient { BaseAddress = managementApi };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
        var listed = await http.GetFromJsonAsync<List<ManagementBinding>>(
            $"/api/exchanges/%2F/{Uri.EscapeDataString(exchange)}/bindings/source", ct) ?? [];
        if (listed.Any(b => b.arguments is { Count: > 0 }))
            throw new InvalidOperationException($"Exchange {exchange} has bindings with arguments; the bench does not divert those.");
        return listed.Select(b => new Binding(b.destination, b.destination_type, b.routing_key)).ToList();
    }
}
