using System.Security.Claims;
using DxTrack.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>
/// Mints the short-lived token that replaces an API key before a request leaves the gateway, signed
/// with the internal key (<c>Auth:SigningKey</c>), so every service validates one kind of credential.
/// </summary>
public sealed class InternalTokens(DevTokenIssuer issuer, IOptions<ApiKeyOptions> options)
{
    public string For(ClaimsPrincipal apiKeyCaller)
    {
        var user = CurrentUser.From(apiKeyCaller);
        return issuer.Issue(user.Role, user.AgencyCode, user.Subject, options.Value.InternalTokenLifetime, user.Name);
    }
}
