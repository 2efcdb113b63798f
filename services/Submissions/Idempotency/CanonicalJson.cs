using System.Text.Json;

namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// One spelling of a JSON document: properties ordered by name (ordinal), no whitespace, strings
/// re-escaped the same way. Two bodies that mean the same request, however a client formats them,
/// write the same bytes.
/// </summary>
static class CanonicalJson
{
    /// <summary>The canonical form of the JSON in <paramref name="json"/>, or null when it is not JSON.</summary>
    public static async Task<byte[]?> OfAsync(Stream json, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            using var output = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(output))
            {
                Write(document.RootElement, writer);
            }
            return output.ToArray();
        }
    }

    static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                // OrderBy is stable: repeated names keep their order, so they still tell bodies apart.
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers as written (10 and 10.0 bind alike to some fields, not to others), true, false, null.
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}
