using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DxTrack.TestSupport;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// What an operator does with a parked message, through RabbitMQ's management HTTP API (the same calls
/// the management UI makes): move it from its <c>_error</c> queue back to its queue.
/// </summary>
public sealed class ParkedMessages : IDisposable
{
    readonly HttpClient _management;
    readonly string _vhost;

    ParkedMessages(HttpClient management, string vhost)
    {
        _management = management;
        _vhost = vhost;
    }

    public static async Task<ParkedMessages> ForAsync(TestVirtualHost vhost)
    {
        var (amqp, management) = await TestServers.RabbitMqAsync();
        var user = new Uri(amqp).UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        var http = new HttpClient { BaseAddress = new Uri(management.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user[0]}:{user[1]}")));
        return new ParkedMessages(http, vhost.Name);
    }

    /// <summary>Whether the broker has the shovel plugins, which the UI's "Move messages" needs.</summary>
    public async Task<bool> CanShovelAsync()
    {
        using var response = await _management.GetAsync("api/shovels");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>
    /// The management UI's "Move messages" on <paramref name="from"/>: a dynamic shovel that moves what
    /// the queue holds to <paramref name="to"/> and then deletes itself.
    /// </summary>
    public async Task ShovelAsync(string from, string to)
    {
        var uri = "amqp:///" + Uri.EscapeDataString(_vhost);
        var name = "Move from " + from;
        using var response = await _management.PutAsJsonAsync(
            $"api/parameters/shovel/{Uri.EscapeDataString(_vhost)}/{Uri.EscapeDataString(name)}", new
            {
                component = "shovel",
                vhost = _vhost,
                name,
                value = new Dictionary<string, object>
                {
                    ["src-protocol"] = "amqp091",
                    ["src-uri"] = uri,
                    ["src-queue"] = from,
                    ["src-delete-after"] = "queue-length",
                    ["dest-protocol"] = "amqp091",
                    ["dest-uri"] = uri,
                    ["dest-queue"] = to,
                    ["dest-add-forward-headers"] = false,
                    ["ack-mode"] = "on-confirm",
                },
            });
        await EnsureSuccessAsync(response, "creating the shovel");
    }

    /// <summary>
    /// Without the shovel plugins: take each message off <paramref name="from"/> ("Get messages") and
    /// publish it, body and properties unchanged, to <paramref name="to"/> through the default exchange.
    /// Returns how many were moved.
    /// </summary>
    public async Task<int> RepublishAsync(string from, string to)
    {
        using var got = await _management.PostAsJsonAsync(
            $"api/queues/{Uri.EscapeDataString(_vhost)}/{Uri.EscapeDataString(from)}/get",
            new { count = 1000, ackmode = "ack_requeue_false", encoding = "auto" });
        await EnsureSuccessAsync(got, $"getting the messages of {from}");
        var messages = await got.Content.ReadFromJsonAsync<List<JsonElement>>() ?? [];
        foreach (var message in messages)
        {
            using var published = await _management.PostAsJsonAsync(
                $"api/exchanges/{Uri.EscapeDataString(_vhost)}/amq.default/publish", new
                {
                    properties = message.GetProperty("properties"),
                    routing_key = to,
                    payload = message.GetProperty("payload").GetString(),
                    payload_encoding = message.GetProperty("payload_encoding").GetString(),
                });
            await EnsureSuccessAsync(published, $"publishing to {to}");
            var routed = await published.Content.ReadFromJsonAsync<JsonElement>();
            if (!routed.GetProperty("routed").GetBoolean())
                throw new InvalidOperationException($"The message taken from {from} was not routed to {to}.");
        }
        return messages.Count;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"RabbitMQ's management API refused {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _management.Dispose();
}
