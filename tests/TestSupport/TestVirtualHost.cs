using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace DxTrack.TestSupport;

/// <summary>A RabbitMQ virtual host of its own, so tests' exchanges and queues never meet; deleted on dispose.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    readonly HttpClient _management;

    TestVirtualHost(HttpClient management, string name, string amqpUri)
    {
        _management = management;
        Name = name;
        AmqpUri = amqpUri;
    }

    public string Name { get; }

    /// <summary>amqp://user:pass@host:port/vhost</summary>
    public string AmqpUri { get; }

    public static async Task<TestVirtualHost> CreateAsync(string prefix = "test")
    {
        var (amqp, mgmt) = await TestServers.RabbitMqAsync();
        var broker = new Uri(amqp);
        var user = broker.UserInfo.Split(':', 2);
        var http = new HttpClient { BaseAddress = new Uri(mgmt.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.UnescapeDataString(user[0])}:{Uri.UnescapeDataString(user[1])}")));

        var name = $"{prefix}-{Guid.NewGuid():N}";
        (await http.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{name}/{Uri.EscapeDataString(Uri.UnescapeDataString(user[0]))}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();

        var uri = new UriBuilder(broker) { Path = "/" + name }.Uri.ToString();
        return new TestVirtualHost(http, name, uri);
    }

    /// <summary>Queue details from the management API (messages, consumers), or null if it does not exist.</summary>
    public async Task<QueueInfo?> QueueAsync(string queue)
    {
        var response = await _management.GetAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<QueueInfo>();
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> messages of a queue and puts them back (for error queues:
    /// what an operator sees). An unknown queue reads as empty.
    /// </summary>
    public async Task<IReadOnlyList<PeekedMessage>> GetMessagesAsync(string queue, int count = 100)
    {
        var response = await _management.PostAsJsonAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50000 });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<PeekedMessage>>() ?? [];
    }

    /// <summary>The prefetch count of each consumer of <paramref name="queue"/>, as the broker holds it.</summary>
    public async Task<IReadOnlyList<int>> ConsumerPrefetchAsync(string queue)
    {
        var consumers = await _management.GetFromJsonAsync<List<ConsumerInfo>>($"api/consumers/{Name}") ?? [];
        return consumers.Where(c => c.Queue.Name == queue).Select(c => c.PrefetchCount).ToList();
    }

    sealed record ConsumerInfo(ConsumerQueue Queue, [property: System.Text.Json.Serialization.JsonPropertyName("prefetch_count")] int PrefetchCount);

    sealed record ConsumerQueue(string Name);

    /// <summary>Names of every queue in the vhost.</summary>
    public async Task<IReadOnlyList<string>> QueueNamesAsync()
    {
        var queues = await _management.GetFromJsonAsync<List<QueueInfo>>($"api/queues/{Name}") ?? [];
        return queues.Select(q => q.Name).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try { await _management.DeleteAsync($"api/vhosts/{Name}"); }
        catch (HttpRequestException) { }
        _management.Dispose();
    }
}

/// <summary>What the management API says of a queue (figures are refreshed every few seconds).</summary>
public sealed record QueueInfo(string Name, long Messages, int Consumers);

/// <summary>A message read from a queue through the management API.</summary>
public sealed record PeekedMessage(string Payload, PeekedProperties Properties);

public sealed record PeekedProperties(
    [property: System.Text.Json.Serialization.JsonPropertyName("message_id")] string? MessageId,
    Dictionary<string, object?> Headers);
