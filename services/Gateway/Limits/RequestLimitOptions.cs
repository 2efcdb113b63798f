using System.ComponentModel.DataAnnotations;

namespace DxTrack.Gateway.Limits;

/// <summary>Request size and upstream time limits. Section <c>Gateway:Limits</c>.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Gateway:Limits";

    /// <summary>Largest request body accepted, in bytes (default 1 MB); larger bodies get 413.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a service may stay silent before the gateway answers 504 (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
