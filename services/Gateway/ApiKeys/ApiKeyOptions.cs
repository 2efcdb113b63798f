using System.ComponentModel.DataAnnotations;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>How API-key callers are passed on. Section <c>Gateway:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Gateway:ApiKeys";

    /// <summary>
    /// Lifetime of the internal token that replaces the key on the way to a service (default 2 minutes):
    /// long enough for one request, short enough that a revoked key is useless at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan InternalTokenLifetime { get; set; } = TimeSpan.FromMinutes(2);
}
