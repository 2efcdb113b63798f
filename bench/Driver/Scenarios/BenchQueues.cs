using RabbitMQ.Client;

namespace DxTrack.Bench.Scenarios;

/// <summary>Durable queues bound to an exchange for the length of a measurement, then deleted with what they hold.</summary>
public sealed class BenchQueues : IAsyncDisposable
{
    readonly IConnection _connection;
    readonly IChannel _channel;
    readonly List<string> _queues;

    BenchQueues(IConnection connection, IChannel channel, List<string> queues)
    {
        _connection = connection;
        _channel = channel;
        _queues = queues;
    }

    public static async Task<BenchQueues> BindAsync(string amqpUri, string exchange, int count, CancellationToken ct)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queues = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var queue = $"bench-reference-{i}";
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
            await channel.QueueBindAsync(queue, exchange, "", cancellationToken: ct);
            queues.Add(queue);
        }
        return new BenchQueues(connection, channel, queues);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues) await _channel.QueueDeleteAsync(queue);
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
