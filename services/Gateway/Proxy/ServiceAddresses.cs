using System.ComponentModel.DataAnnotations;

namespace DxTrack.Gateway.Proxy;

/// <summary>
/// Where the services are. Section <c>Gateway:Services</c>. The defaults are Aspire service-discovery
/// names (the AppHost's resource names); a full URL (http://host:port) also works.
/// </summary>
public sealed class ServiceAddresses
{
    public const string Section = "Gateway:Services";

    [Required, Url] public string Targets { get; set; } = "http://targets";
    [Required, Url] public string Submissions { get; set; } = "http://submissions";
    [Required, Url] public string Notifications { get; set; } = "http://notifications";

    /// <summary>Each service by the name used in routes, documents and error messages.</summary>
    public IReadOnlyDictionary<string, string> ByName => new Dictionary<string, string>
    {
        ["targets"] = Targets,
        ["submissions"] = Submissions,
        ["notifications"] = Notifications,
    };
}
