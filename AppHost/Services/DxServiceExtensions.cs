using System.Text.Json;

namespace DxTrack.AppHost.Services;

/// <summary>How every DxTrack service project is added: plain http, the development token settings.</summary>
public static class DxServiceExtensions
{
    /// <summary>
    /// Adds a service project over http: its <c>http</c> launch profile when it has one, else no launch
    /// profile and an <c>http</c> endpoint on a free port. Never https: these machines have no dev certificate.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddDxService<TProject>(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TProject : IProjectMetadata, new()
    {
        var project = HasLaunchProfile(new TProject().ProjectPath, "http")
            ? builder.AddProject<TProject>(name, launchProfileName: "http")
            : builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        if (!project.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http"))
            project.WithHttpEndpoint(name: "http");
        return project;
    }

    /// <summary>Configuration key of the production OpenID Connect authority (the issuer URL).</summary>
    public const string AuthAuthorityKey = "Parameters:auth-authority";

    /// <summary>
    /// The <c>auth-authority</c> parameter when <c>Parameters:auth-authority</c> is set, in any mode; null otherwise.
    /// Optional because development needs no identity provider; production (<c>existing</c> mode) does.
    /// </summary>
    public static IResourceBuilder<ParameterResource>? AddDxAuthAuthority(this IDistributedApplicationBuilder builder)
    {
        var value = builder.Configuration[AuthAuthorityKey];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new DistributedApplicationException(
                $"{AuthAuthorityKey} is '{value}'; expected the OpenID Connect issuer URL, e.g. https://login.example.gov.vn/realms/dxtrack.");
        return builder.AddParameter("auth-authority");
    }

    /// <summary>
    /// How every service validates bearer tokens: the development issuer's key (which also signs the gateway's
    /// internal tokens for API-key callers), and, when given, the OpenID Connect authority of production.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDxAuth(this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ParameterResource> signingKey, IResourceBuilder<ParameterResource>? authority = null)
    {
        project.WithEnvironment("Auth__SigningKey", signingKey)
            .WithEnvironment("Auth__Issuer", "dxtrack-dev")
            .WithEnvironment("Auth__Audience", "dxtrack");
        return authority is null ? project : project.WithEnvironment("Auth__Authority", authority);
    }

    /// <summary>Pins the public port of the <c>http</c> endpoint (null: any free port).</summary>
    public static IResourceBuilder<ProjectResource> WithPublicPort(this IResourceBuilder<ProjectResource> project, int? port) =>
        project.WithEndpoint("http", endpoint => endpoint.Port = port);

    static bool HasLaunchProfile(string projectPath, string profile)
    {
        var file = Path.Combine(Path.GetDirectoryName(projectPath)!, "Properties", "launchSettings.json");
        if (!File.Exists(file)) return false;
        using var document = JsonDocument.Parse(File.ReadAllText(file),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("profiles", out var profiles)
               && profiles.TryGetProperty(profile, out _);
    }
}
