using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DxTrack.Notifications.Channels;

/// <summary>
/// Posts a message to an HTTP SMS gateway, shaped by a JSON body template, so any brand-name SMS provider
/// can be plugged in by configuration. Any answer other than 2xx, a 2xx whose body does not carry one of the
/// configured success values (<see cref="SmsOptions.SuccessProperty"/>), or no answer in time, is a failure the
/// scheduler retries; this client itself never retries, so one attempt is at most one message.
/// </summary>
public sealed class HttpSmsProvider(IHttpClientFactory clients, IOptions<SmsOptions> options) : ISmsProvider
{
    public const string ClientName = "sms-provider";

    public async Task<string?> SendAsync(string phone, string text, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = new StringContent(Fill(o.BodyTemplate, phone, text, o.Brandname), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(o.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Username}:{o.Password}")));
        if (!string.IsNullOrEmpty(o.ApiKeyHeader)) request.Headers.TryAddWithoutValidation(o.ApiKeyHeader, o.ApiKey);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"SMS provider did not answer within {o.Timeout.TotalSeconds:0} s.");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"SMS provider answered {(int)response.StatusCode}: {Shorten(body)}");
            using var json = Parse(body);
            if (!string.IsNullOrWhiteSpace(o.SuccessProperty))
            {
                var outcome = Read(json, o.SuccessProperty);
                if (outcome is null || !o.SuccessValues.Any(v => string.Equals(v.Trim(), outcome, StringComparison.OrdinalIgnoreCase)))
                    throw new SmsNotAcceptedException(
                        $"SMS provider answered {(int)response.StatusCode} with {o.SuccessProperty} = {outcome ?? "(none)"}: {Shorten(body)}");
            }
            return Read(json, o.MessageIdProperty);
        }
    }

    /// <summary>Fills the template's placeholders with JSON-escaped values.</summary>
    public static string Fill(string template, string phone, string text, string brandname) => template
        .Replace("{phone}", Escape(phone))
        .Replace("{text}", Escape(text))
        .Replace("{brandname}", Escape(brandname));

    // The body is JSON, never HTML: only what JSON itself requires is escaped, so "+84…" reaches the provider as written.
    static string Escape(string value) =>
        JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    // A provider that took the message but answers in another format still sent it (unless success must be read).
    static JsonDocument? Parse(string body)
    {
        try { return JsonDocument.Parse(body); }
        catch (JsonException) { return null; }
    }

    /// <summary>The text of a property reached by a dotted path (<c>data.tranId</c>); null when absent.</summary>
    static string? Read(JsonDocument? json, string path)
    {
        if (json is null) return null;
        var element = json.RootElement;
        foreach (var name in path.Split('.'))
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };
    }

    static string Shorten(string s) => s.Length > 300 ? s[..300] : s;
}
