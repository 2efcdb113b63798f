using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace DxTrack.Faults.Tests;

/// <summary>
/// A private RabbitMQ node (Debian's <c>rabbitmq-server</c>, run in the foreground with its own node
/// name, ports, Erlang cookie and Mnesia folder), with the management API the drills count queues and
/// consumers with. A stop is SIGTERM to the server script, which stops the node cleanly; durable queues
/// and persistent messages survive it, as they would a broker restart in production.
/// </summary>
public sealed class RabbitServer(string folder) : IAsyncDisposable
{
    readonly string _base = Path.Combine(folder, "rabbitmq");
    ChildProcess? _process;

    public int AmqpPort { get; } = ChildProcess.FreePort();
    public int ManagementPort { get; } = ChildProcess.FreePort();
    readonly int _distPort = ChildProcess.FreePort();

    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:{AmqpPort}";

    public HttpClient Management { get; } = CreateManagement();

    static HttpClient CreateManagement()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        return http;
    }

    public ChildProcess Process => _process ?? throw new InvalidOperationException("RabbitMQ was never started.");

    public async Task StartAsync()
    {
        if (_process is null)
        {
            Management.BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}/api/");
            foreach (var d in new[] { "home", "mnesia", "log" }) Directory.CreateDirectory(Path.Combine(_base, d));
            File.WriteAllText(Path.Combine(_base, "enabled_plugins"), "[rabbitmq_management].");
            var env = new Dictionary<string, string>
            {
                ["HOME"] = Path.Combine(_base, "home"),
                ["RABBITMQ_NODENAME"] = $"dxfaults{AmqpPort}@localhost",
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(),
                ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_base, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(_base, "log"),
                ["RABBITMQ_LOGS"] = "-",
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_base, "enabled_plugins"),
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = $"-rabbitmq_management listener [{{port,{ManagementPort}}},{{ip,\"127.0.0.1\"}}] -rabbit collect_statistics_interval 500",
            };
            _process = new ChildProcess("rabbitmq", "/usr/lib/rabbitmq/bin/rabbitmq-server", [], _base + ".log", env, _base);
        }
        _process.Start();
        var watch = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (!_process.IsRunning || watch.Elapsed > TimeSpan.FromSeconds(120))
                throw new InvalidOperationException($"RabbitMQ did not start within {watch.Elapsed}.\n{_process.Tail()}");
            await Task.Delay(250);
        }
    }

    public Task StopAsync() => Process.StopAsync(Native.SigTerm, TimeSpan.FromSeconds(60));

    async Task<bool> AnswersAsync()
    {
        try { return (await Management.GetAsync("overview")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    /// <summary>Every queue of the default vhost with its ready/unacked messages and consumers.</summary>
    public async Task<IReadOnlyList<(string Name, long Messages, int Consumers)>> QueuesAsync()
    {
        var queues = await Management.GetFromJsonAsync<JsonArray>("queues/%2F") ?? [];
        return queues.Select(q => (q!["name"]!.GetValue<string>(), q["messages"]?.GetValue<long>() ?? 0,
            q["consumers"]?.GetValue<int>() ?? 0)).ToList();
    }

    /// <summary>
    /// Each queue's consumer count as the broker holds it now, asked over AMQP (a passive declare answers
    /// with it); a queue that does not exist counts 0. The management API reports consumers from its
    /// statistics, about 5 s behind after a broker start. Null while the broker does not take connections.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, uint>?> ConsumerCountsAsync(IEnumerable<string> queues)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(AmqpUri),
            ClientProvidedName = "faults-drills",
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            HandshakeContinuationTimeout = TimeSpan.FromSeconds(3),
            ContinuationTimeout = TimeSpan.FromSeconds(3),
        };
        IConnection connection;
        try { connection = await factory.CreateConnectionAsync(); }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException) { return null; }
        await using (connection)
        {
            var counts = new Dictionary<string, uint>();
            IChannel? channel = null;
            try
            {
                foreach (var queue in queues)
                {
                    channel ??= await connection.CreateChannelAsync();
                    try { counts[queue] = (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount; }
                    catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                    {
                        counts[queue] = 0; // the broker closed the channel with NOT_FOUND: the next queue gets a new one
                        await channel.DisposeAsync();
                        channel = null;
                    }
                }
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or TimeoutException) { return null; }
            finally
            {
                if (channel is not null) await channel.DisposeAsync();
            }
            return counts;
        }
    }

    /// <summary>Messages of a queue, read and put back (what an operator sees in an error queue).</summary>
    public async Task<JsonArray> PeekAsync(string queue, int count = 100)
    {
        var response = await Management.PostAsJsonAsync($"queues/%2F/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50000 });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonArray>() ?? [];
    }

    /// <summary>
    /// Publishes a message as MassTransit would (its JSON envelope) to the event's exchange, with a
    /// message id of the drill's choosing: how a duplicate or a poison message reaches consumers.
    /// </summary>
    public async Task PublishEventAsync(string messageType, Guid messageId, object message)
    {
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["messageType"] = new JsonArray($"urn:message:{ExchangeOf(messageType)}"),
            ["message"] = System.Text.Json.JsonSerializer.SerializeToNode(message, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            ["sentTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["headers"] = new JsonObject(),
        };
        var exchange = ExchangeOf(messageType);
        var response = await Management.PostAsJsonAsync($"exchanges/%2F/{Uri.EscapeDataString(exchange)}/publish", new
        {
            properties = new { content_type = "application/vnd.masstransit+json", message_id = messageId.ToString(), delivery_mode = 2 },
            routing_key = "",
            payload = envelope.ToJsonString(),
            payload_encoding = "string",
        });
        response.EnsureSuccessStatusCode();
        var routed = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (routed?["routed"]?.GetValue<bool>() != true)
            throw new InvalidOperationException($"Exchange {exchange} routed the message nowhere: {routed}");
    }

    /// <summary>MassTransit's exchange name of a message type: <c>DxTrack.Contracts:SubmissionReceived</c>.</summary>
    public static string ExchangeOf(string messageType)
    {
        var dot = messageType.LastIndexOf('.');
        return messageType[..dot] + ":" + messageType[(dot + 1)..];
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(Native.SigTerm, TimeSpan.FromSeconds(30));
            await _process.DisposeAsync();
        }
        Management.Dispose();
    }
}
