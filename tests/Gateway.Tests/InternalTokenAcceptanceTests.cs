using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DxTrack.Gateway.Tests;

/// <summary>
/// In production the services trust the OpenID Connect provider and, beside it, the gateway's internal
/// tokens for API-key callers; each issuer only with its own key, and every token that is missing, expired,
/// signed with another key, of another issuer or audience, unsigned or signed by algorithm substitution is refused.
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

    static string Token(string issuer, SigningCredentials credentials, string audience = "dxtrack", DateTime? expires = null)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(DxClaims.Subject, "someone"), new Claim(DxClaims.Role, DxRoles.Secretariat)]),
            IssuedAt = until.AddHours(-1),
            NotBefore = until.AddHours(-1),
            Expires = until,
            SigningCredentials = credentials,
        });
    }

    /// <summary>A token with the given header and no signature, claiming the issuer.</summary>
    static string Unsigned(string issuer, string alg)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.Serialize(value));
        return Part(new { alg, typ = "JWT", kid = "provider-1" }) + "." + Part(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = "dxtrack", ["sub"] = "nobody", ["role"] = DxRoles.Admin,
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        }) + ".";
    }

    SigningCredentials ProviderKey => new(_providerKey, SecurityAlgorithms.RsaSha256);
    static SigningCredentials Internal => new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(InternalKey)), SecurityAlgorithms.HmacSha256);

    async Task<HttpStatusCode> Call(string? token)
    {
        var client = _service.GetTestClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
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

    [Fact]
    public async Task A_call_without_a_token_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(null));

    [Fact]
    public async Task An_expired_token_of_the_provider_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(_authority, ProviderKey, expires: DateTime.UtcNow.AddMinutes(-5))));

    [Fact]
    public async Task A_token_signed_with_another_key_of_the_same_id_is_refused()
    {
        var forged = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "provider-1" }, SecurityAlgorithms.RsaSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(_authority, forged)));
    }

    [Fact]
    public async Task A_token_of_another_issuer_signed_with_the_providers_key_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token("https://login.example.com", ProviderKey)));

    [Fact]
    public async Task A_token_of_the_provider_for_another_audience_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(_authority, ProviderKey, audience: "another-api")));

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    public async Task An_unsigned_token_is_refused_for_either_issuer(string alg)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Unsigned(_authority, alg)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Unsigned("dxtrack-dev", alg)));
    }

    [Fact]
    public async Task A_token_signed_with_hmac_over_the_providers_public_key_is_refused()
    {
        // Algorithm substitution: anyone can read the public key from the key set and use it as an HMAC secret.
        var publicKey = Encoding.UTF8.GetBytes(_providerKey.Rsa.ExportSubjectPublicKeyInfoPem());
        var confused = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = "provider-1" }, SecurityAlgorithms.HmacSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(_authority, confused)));
    }

    [Fact]
    public void Only_fixed_signature_algorithms_are_accepted()
    {
        var parameters = _service.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;

        Assert.NotNull(parameters.ValidAlgorithms);
        Assert.Contains(SecurityAlgorithms.RsaSha256, parameters.ValidAlgorithms);
        Assert.Contains(SecurityAlgorithms.HmacSha256, parameters.ValidAlgorithms); // for the internal tokens only
        Assert.DoesNotContain(parameters.ValidAlgorithms, a => a.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
