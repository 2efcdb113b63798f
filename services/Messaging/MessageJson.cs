using System.Text.Json;
using System.Text.Json.Serialization;

namespace DxTrack.Messaging;

/// <summary>How events are written into and read out of the outbox.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A name that survives a version bump of the contracts assembly.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type ResolveType(string typeName) =>
        Type.GetType(typeName, throwOnError: false)
        ?? throw new InvalidOperationException($"Unknown message type '{typeName}'.");
}
