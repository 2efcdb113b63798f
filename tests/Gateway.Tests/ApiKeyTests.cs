using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DxTrack.Gateway.ApiKeys;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ApiKeyTests(GatewayHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<ApiKeyCreated> CreateKey(string agency = "SNNPTNT", string name = "Reporting system")
    {
        var response = await host.As(DxRoles.Admin, subject: "admin-1")
            .PostAsJsonAsync("/api/gateway/api-keys", new { agencyCode = agency, name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreated>(Ct))!;
    }

    HttpClient WithKey(string key)
    {
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task An_api_key_works_until_it_is_revoked_and_is_refused_at_once_after()
    {
        var key = await CreateKey();
        var caller = WithKey(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/api/submissions/mine", Ct)).StatusCode);

        var revoked = await host.As(DxRoles.Admin).DeleteAsync($"/api/gateway/api-keys/{key.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var after = await caller.GetAsync("/api/submissions/mine", Ct);
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, host);
    }

    [Fact]
    public async Task The_key_is_replaced_by_a_short_lived_internal_token_of_a_reporter_of_its_agency()
    {
        var key = await CreateKey("STTTT", "STTTT statistics system");
        var client = WithKey(key.Key);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer forged-by-the-caller");

        var echo = await (await client.PostAsync("/api/submissions", new StringContent("{}", Encoding.UTF8, "application/json"), Ct)).EchoAsync();

        Assert.Null(echo.Header("X-Api-Key"));
        var bearer = echo.Header("Authorization")!;
        Assert.StartsWith("Bearer ", bearer);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(bearer["Bearer ".Length..], new TokenValidationParameters
        {
            ValidIssuer = "dxtrack-dev",
            ValidAudience = "dxtrack",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(GatewayHost.SigningKey)),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var token = (JsonWebToken)validation.SecurityToken;
        Assert.Equal($"apikey:{key.Id}", token.Subject);
        Assert.Equal(DxRoles.Reporter, token.GetClaim(DxClaims.Role).Value);
        Assert.Equal("STTTT", token.GetClaim(DxClaims.Agency).Value);
        Assert.True(token.ValidTo <= DateTime.UtcNow.AddMinutes(3), "the internal token must be short-lived");
    }

    [Fact]
    public async Task The_key_is_shown_once_and_stored_only_as_a_hash()
    {
        var key = await CreateKey();

        var listed = await host.As(DxRoles.Admin).GetStringAsync("/api/gateway/api-keys", Ct);
        var one = await host.As(DxRoles.Admin).GetStringAsync($"/api/gateway/api-keys/{key.Id}", Ct);

        Assert.StartsWith($"dxk_{key.Prefix}_", key.Key);
        Assert.Contains(key.Id.ToString(), listed);
        Assert.DoesNotContain(key.Key, listed);
        Assert.DoesNotContain(key.Key, one);
        var stored = await host.Database.ScalarAsync<string>($"SELECT secret_hash FROM api_keys WHERE id = '{key.Id}'");
        Assert.Equal(ApiKeySecret.Hash(key.Key), stored);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM api_keys WHERE secret_hash = '{key.Key}' OR prefix = '{key.Key}'"));
    }

    [Theory]
    [InlineData("dxk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task An_unknown_or_malformed_key_is_refused(string key)
    {
        var response = await WithKey(key).GetAsync("/api/targets/agencies", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, host);
    }

    [Fact]
    public async Task A_key_with_a_guessed_secret_is_refused()
    {
        var key = await CreateKey();

        var response = await WithKey(key.Key[..^4] + "AAAA").GetAsync("/api/targets/agencies", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, host);
    }

    [Theory]
    [InlineData(DxRoles.Secretariat, null, HttpStatusCode.Forbidden)]
    [InlineData(DxRoles.Reporter, "STTTT", HttpStatusCode.Forbidden)]
    [InlineData(DxRoles.Viewer, null, HttpStatusCode.Forbidden)]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    public async Task Only_admins_manage_api_keys(string? role, string? agency, HttpStatusCode expected)
    {
        var client = role is null ? host.Anonymous() : host.As(role, agency);

        await (await client.PostAsJsonAsync("/api/gateway/api-keys", new { agencyCode = "STTTT", name = "mine" }, Ct))
            .AssertProblemAsync(expected);
        await (await client.GetAsync("/api/gateway/api-keys", Ct)).AssertProblemAsync(expected);
        await (await client.DeleteAsync($"/api/gateway/api-keys/{Guid.NewGuid()}", Ct)).AssertProblemAsync(expected);
    }

    [Fact]
    public async Task An_api_key_cannot_manage_api_keys()
    {
        var key = await CreateKey();

        var response = await WithKey(key.Key).GetAsync("/api/gateway/api-keys", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_request_without_agency_or_name_is_refused_naming_both()
    {
        var response = await host.As(DxRoles.Admin).PostAsJsonAsync("/api/gateway/api-keys", new { agencyCode = "bad code!" }, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("agencyCode", out _));
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_key_is_revoked_once_and_an_unknown_key_cannot_be_revoked()
    {
        var key = await CreateKey();
        var admin = host.As(DxRoles.Admin);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/gateway/api-keys/{key.Id}", Ct)).StatusCode);

        await (await admin.DeleteAsync($"/api/gateway/api-keys/{key.Id}", Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/gateway/api-keys/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Issuing_and_revoking_a_key_are_in_the_audit_trail_for_admins()
    {
        var key = await CreateKey("SYT", "Health reporting");
        var admin = host.As(DxRoles.Admin, subject: "admin-2");
        await admin.DeleteAsync($"/api/gateway/api-keys/{key.Id}", Ct);

        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/gateway/audit?entityType=ApiKey&entityId={key.Id}", Ct);

        var changes = page.GetProperty("items").EnumerateArray()
            .Select(e => (Change: e.GetProperty("change").GetString(), Actor: e.GetProperty("actor").GetString()))
            .Reverse().ToList();
        Assert.Equal([("Added", "admin-1"), ("Modified", "admin-2")], changes);
        var audit = await host.As(DxRoles.Secretariat).GetAsync("/api/gateway/audit", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_records_a_key_without_its_hash()
    {
        var key = await CreateKey("SNV", "Home affairs reporting");
        await host.As(DxRoles.Admin).DeleteAsync($"/api/gateway/api-keys/{key.Id}", Ct);

        var trail = await host.As(DxRoles.Admin).GetStringAsync($"/api/gateway/audit?entityType=ApiKey&entityId={key.Id}", Ct);

        var page = JsonDocument.Parse(trail).RootElement;
        var added = page.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("change").GetString() == "Added");
        using var after = JsonDocument.Parse(added.GetProperty("after").GetString()!);
        Assert.Equal(key.Prefix, after.RootElement.GetProperty("prefix").GetString());
        Assert.Equal("SNV", after.RootElement.GetProperty("agencyCode").GetString());
        Assert.False(after.RootElement.TryGetProperty("secretHash", out _), "the key's hash is in the audit trail");
        Assert.DoesNotContain(ApiKeySecret.Hash(key.Key), trail);
        Assert.DoesNotContain(key.Key, trail);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE concat(\"before\"::text, \"after\"::text) LIKE '%{ApiKeySecret.Hash(key.Key)}%'"));
    }
}
