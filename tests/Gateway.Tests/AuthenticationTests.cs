using System.Net;
using System.Text;
using System.Text.Json;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayHost host)
{
    const string Path = "/api/targets/agencies";

    static DevTokenIssuer IssuerWith(string key = GatewayHost.SigningKey, string issuer = "dxtrack-dev",
        string audience = "dxtrack", TimeProvider? clock = null) =>
        new(new AuthOptions { SigningKey = key, Issuer = issuer, Audience = audience }, clock ?? TimeProvider.System);

    async Task AssertRefused(string? token)
    {
        var client = host.Anonymous();
        if (token is not null) GatewayHost.WithBearer(client, token);

        var response = await client.GetAsync(Path, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, host);
    }

    [Fact]
    public Task A_call_without_a_token_is_refused_with_401() => AssertRefused(null);

    [Fact]
    public Task An_expired_token_is_refused() => AssertRefused(IssuerWith(
            clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3)))
        .Issue(DxRoles.Secretariat, null, "expired", TimeSpan.FromHours(1)));

    [Fact]
    public Task A_token_signed_with_another_key_is_refused() => AssertRefused(
        IssuerWith(key: "somebody-elses-signing-key-0123456789abcdef").Issue(DxRoles.Admin, null, "forger"));

    [Fact]
    public Task A_token_of_another_issuer_is_refused() => AssertRefused(
        IssuerWith(issuer: "https://login.example.com").Issue(DxRoles.Admin, null, "stranger"));

    [Fact]
    public Task A_token_for_another_audience_is_refused() => AssertRefused(
        IssuerWith(audience: "another-api").Issue(DxRoles.Admin, null, "stranger"));

    [Fact]
    public Task An_unsigned_token_with_alg_none_is_refused()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.Serialize(new { alg = "none", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "dxtrack-dev", ["aud"] = "dxtrack", ["sub"] = "nobody", ["role"] = DxRoles.Admin,
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        }));
        return AssertRefused($"{header}.{payload}.");
    }

    [Fact]
    public Task A_token_whose_signature_was_cut_off_is_refused()
    {
        var token = host.Issuer.Issue(DxRoles.Admin, null, "someone");
        return AssertRefused(token[..(token.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public Task Garbage_in_the_authorization_header_is_refused() => AssertRefused("not-a-token");

    [Fact]
    public async Task A_valid_token_passes_and_reaches_the_service_unchanged()
    {
        var token = host.Issuer.Issue(DxRoles.Reporter, "STTTT", "reporter-1");
        var client = GatewayHost.WithBearer(host.Anonymous(), token);

        var response = await client.GetAsync(Path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + token, (await response.EchoAsync()).Header("Authorization"));
    }

    [Fact]
    public async Task A_valid_token_without_a_DxTrack_role_is_forbidden()
    {
        var response = await host.As("guest").GetAsync(Path, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, host);
    }

    static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
