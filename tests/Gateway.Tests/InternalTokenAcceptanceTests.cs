using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DxTrack.Gateway.Tests;

/// <summary>
/// In production the services trust the OpenID Connect provider and, beside it, the gateway's internal
/// tokens for API-key callers; each issuer only with its own key.
/// </summary>
public sealed class InternalTokenAcceptanceTests : IAsyncLifetime
{
    const string InternalKey = "internal-tokens-signing-key-0123456789abcdef";
    readonly RsaSecurityKey _providerKey = new(RSA.Create(2048)) { KeyId = "provider-1" };
    WebApplication _provider = null!;
    WebApplication _service = null!;
    string _authority = null!;

    public async ValueTask InitializeAsync()
    {
        // A minimal OpenID Connect provider: discovery document and its public key.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "oidc-provider" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        _provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = _authority,
            ["jwks_uri"] = _authority + "/jwks",
        }));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_providerKey.Rsa.ExportParameters(false)) { KeyId = "provider-1" });
        _provider.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } }));
        await _provider.StartAsync();
        _authority = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // A service configured as in production: the provider's authority plus the internal key.
        var service = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "service" });
        service.Logging.ClearProviders();
        service.WebHost.UseTestServer();
        service.Configuration["Auth:Authority"] = _authority;
        service.Configuration["Auth:SigningKey"] = InternalKey;
        service.AddDxAuthentication();
        _service = service.Build();
        _service.UseAuthentication();
        _service.UseAuthorization();
        _service.MapGet("/api/whoami", (CurrentUser user) => user.Subject).RequireAuthorization(DxPolicies.Reader);
        await _service.StartAsync();
    }

    string Token(string issuer, SigningCredentials credentials) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "dxtrack",
        Subject = new ClaimsIdentity([new Claim(DxClaims.Subject, "someone"), new Claim(DxClaims.Role, DxRoles.Secretariat)]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = credentials,
    });

    SigningCredentials ProviderKey => new(_providerKey, SecurityAlgorithms.RsaSha256);
    static SigningCredentials Internal => new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(InternalKey)), SecurityAlgorithms.HmacSha256);

    async Task<HttpStatusCode> Call(string token)
    {
        var client = _service.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return (await client.GetAsync("/api/whoami", TestContext.Current.CancellationToken)).StatusCode;
    }

    [Fact]
    public async Task A_token_of_the_provider_is_accepted() =>
        Assert.Equal(HttpStatusCode.OK, await Call(Token(_authority, ProviderKey)));

    [Fact]
    public async Task An_internal_token_of_the_gateway_is_accepted() =>
        Assert.Equal(HttpStatusCode.OK, await Call(Token("dxtrack-dev", Internal)));

    [Fact]
    public async Task The_internal_key_cannot_vouch_for_a_token_claiming_the_providers_issuer() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(_authority, Internal)));

    [Fact]
    public async Task The_providers_key_cannot_vouch_for_a_token_claiming_the_internal_issuer() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token("dxtrack-dev", ProviderKey)));

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
