using System.Security.Claims;
using System.Text.Encodings.Web;
using DxTrack.Gateway.Data;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: a reporter of the key's agency, subject <c>apikey:{id}</c>.
/// Looked up on every request (one indexed row), so a revoked key stops working on the next call.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GatewayDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var text = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(text)) return AuthenticateResult.NoResult();
        if (!ApiKeySecret.TryReadPrefix(text, out var prefix)) return AuthenticateResult.Fail("Malformed API key.");

        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !key.Accepts(text))
        {
            Logger.LogInformation("Refused API key {Prefix}", prefix);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(DxClaims.Subject, key.Subject),
            new Claim(DxClaims.Role, DxRoles.Reporter),
            new Claim(DxClaims.Agency, key.AgencyCode),
            new Claim(DxClaims.Name, key.Name),
        ], SchemeName, DxClaims.Name, DxClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
