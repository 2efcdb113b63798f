using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DxTrack.Faults.Tests;

/// <summary>What a request got back, printed in full when a drill fails.</summary>
public sealed record Reply(string Method, string Path, HttpStatusCode Status, string? ContentType, string Body, string? RetryAfter)
{
    public int Code => (int)Status;

    public bool IsProblem => ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;

    public JsonNode? Json
    {
        get
        {
            try { return JsonNode.Parse(Body); }
            catch (JsonException) { return null; }
        }
    }

    public string? Text(string property) => (Json as JsonObject)?[property]?.ToString();

    public override string ToString() =>
        $"{Method} {Path} → {Code} {ContentType} {(RetryAfter is null ? "" : $"Retry-After: {RetryAfter} ")}" +
        (Body.Length > 600 ? Body[..600] + "…" : Body);

    public static async Task<Reply> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct = default)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.ToString() ?? "";
        try
        {
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return new Reply(method, path, response.StatusCode, response.Content.Headers.ContentType?.ToString(), body,
                response.Headers.RetryAfter?.ToString());
        }
        catch (HttpRequestException e)
        {
            return new Reply(method, path, 0, null, $"no answer: {e.Message}", null);
        }
    }
}
