using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DxTrack.AppHost.Services;

/// <summary>
/// A dashboard command on the gateway that writes one development token per role to the gateway's
/// log, so a developer can try the API (e.g. in Scalar) without an identity provider. The tokens are
/// what <c>DevTokenIssuer</c> mints: HS256 over the <c>auth-signing-key</c> parameter, issuer
/// <c>dxtrack-dev</c>, audience <c>dxtrack</c>, valid for 8 hours.
/// </summary>
public static class DevTokenCommand
{
    // The reporter acts for the secretariat's own agency, Sở TT&TT, present in the seed data.
    static readonly (string Role, string? Agency)[] Roles =
        [("admin", null), ("secretariat", null), ("reporter", "STTTT"), ("viewer", null)];

    public static IResourceBuilder<ProjectResource> WithDevTokenCommand(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource> signingKey) =>
        project.WithCommand("dev-tokens", "Issue development tokens", async context =>
        {
            var key = await signingKey.Resource.GetValueAsync(context.CancellationToken);
            if (string.IsNullOrEmpty(key)) return CommandResults.Failure("auth-signing-key has no value.");
            var log = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(context.ResourceName);
            foreach (var (role, agency) in Roles)
                log.LogInformation("Development token, role {Role}{Agency}: Bearer {Token}", role,
                    agency is null ? "" : $" for agency {agency}", Issue(key, role, agency, DateTimeOffset.UtcNow));
            return CommandResults.Success();
        }, new CommandOptions
        {
            Description = "Writes a bearer token for each role (admin, secretariat, reporter, viewer) to this log.",
            IconName = "Key",
        });

    /// <summary>A compact HS256 JWT with the claims the services read (sub, role, agency, name).</summary>
    public static string Issue(string signingKey, string role, string? agency, DateTimeOffset now)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = "dxtrack-dev",
            ["aud"] = "dxtrack",
            ["sub"] = $"dev-{role}",
            ["role"] = role,
            ["name"] = $"Development {role}",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(8).ToUnixTimeSeconds(),
        };
        if (agency is not null) payload["agency"] = agency;
        var unsigned = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64Url(signature)}";
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
