using System.ComponentModel.DataAnnotations;

namespace DxTrack.Gateway.Limits;

/// <summary>Per-client request budgets. Section <c>Gateway:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimit";

    /// <summary>Requests per minute for one authenticated caller (token subject or API key).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Requests per minute for one IP address without valid credentials (docs, development tokens, failed logins).</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPermitsPerMinute { get; set; } = 120;
}
