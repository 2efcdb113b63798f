using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DxTrack.ServiceDefaults.Security;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Security.Tests;

/// <summary>
/// The gateway refuses bad tokens, and so does a service reached directly: the same refusals against
/// Targets with nothing in front of it.
/// </summary>
[Collection(ServiceHosts.Collection)]
public sealed class TokenRefusalTests(ServiceHosts hosts)
{
    const string Path = "/api/targets/plans";

    static DevTokenIssuer IssuerWith(string key = ServiceHosts.SigningKey, string issuer = "dxtrack-dev",
        string audience = "dxtrack", TimeProvider? clock = null) =>
        new(new AuthOptions { SigningKey = key, Issuer = issuer, Audience = audience }, clock ?? TimeProvider.System);

    async Task<HttpResponseMessage> Call(string? token)
    {
        var client = hosts.Client("targets");
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Path, TestContext.Current.CancellationToken);
    }

    async Task AssertRefused(string? token)
    {
        var response = await Call(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public Task A_call_without_a_token_is_refused() => AssertRefused(null);

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
    public Task An_unsigned_token_with_alg_none_is_refused() => AssertRefused(Unsigned("none"));

    [Fact]
    public Task A_token_whose_signature_was_cut_off_is_refused()
    {
        var token = hosts.Issuer.Issue(DxRoles.Admin, null, "someone");
        return AssertRefused(token[..(token.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public Task Garbage_in_the_authorization_header_is_refused() => AssertRefused("not-a-token");

    [Fact]
    public async Task The_same_token_signed_properly_passes()
    {
        var response = await Call(hosts.Issuer.Issue(DxRoles.Viewer, null, "viewer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static string Unsigned(string alg)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.Serialize(new { alg, typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "dxtrack-dev", ["aud"] = "dxtrack", ["sub"] = "nobody", ["role"] = DxRoles.Admin,
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        }));
        return $"{header}.{payload}.";
    }

    static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
