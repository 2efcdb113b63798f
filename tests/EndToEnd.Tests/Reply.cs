using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DxTrack.EndToEnd.Tests;

/// <summary>What came back, printed in full when a step fails.</summary>
public sealed record Reply(HttpMethod Method, string Path, HttpStatusCode Status, string Body, string? ContentType = null)
{
    public JsonNode? Json
    {
        get
        {
            try { return JsonNode.Parse(Body); }
            catch (JsonException) { return null; }
        }
    }

    public string? Text(string property) => (Json as JsonObject)?[property]?.ToString();

    public int Number(string property) => int.TryParse(Text(property), out var n) ? n : 0;

    public override string ToString() =>
        $"{Method} {Path} answered {(int)Status} {Status}: {(Body.Length > 800 ? Body[..800] + "…" : Body)}" +
        ((int)Status is 404 or 405 ? " (is this endpoint implemented yet?)" : "");
}
