using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Gateway.DevTokens;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class DevTokenTests(GatewayHost host)
{
    [Theory]
    [InlineData(DxRoles.Admin, null)]
    [InlineData(DxRoles.Secretariat, null)]
    [InlineData(DxRoles.Viewer, null)]
    [InlineData(DxRoles.Reporter, "SNNPTNT")]
    public async Task The_development_issuer_mints_a_token_the_gateway_accepts(string role, string? agency)
    {
        var minted = await host.Anonymous().PostAsJsonAsync("/dev/token", new { role, agency },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<DevToken>(TestContext.Current.CancellationToken))!;
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddHours(1));

        var claims = new JsonWebToken(token.AccessToken);
        Assert.Equal(role, claims.GetClaim(DxClaims.Role).Value);
        if (agency is not null) Assert.Equal(agency, claims.GetClaim(DxClaims.Agency).Value);

        var response = await GatewayHost.WithBearer(host.Anonymous(), token.AccessToken)
            .GetAsync("/api/dashboard/summary", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_subject_and_lifetime_can_be_chosen()
    {
        var minted = await host.Anonymous().PostAsJsonAsync("/dev/token",
            new { role = "viewer", subject = "chairman@backan", lifetimeMinutes = 5 }, TestContext.Current.CancellationToken);

        var token = (await minted.Content.ReadFromJsonAsync<DevToken>(TestContext.Current.CancellationToken))!;
        Assert.Equal("chairman@backan", new JsonWebToken(token.AccessToken).Subject);
        Assert.InRange(token.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
    }

    [Fact]
    public async Task A_reporter_token_without_an_agency_is_refused_naming_the_agency()
    {
        var response = await host.Anonymous().PostAsJsonAsync("/dev/token", new { role = "reporter" },
            TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("agency", out _));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("")]
    public async Task An_unknown_role_is_refused_naming_the_role(string role)
    {
        var response = await host.Anonymous().PostAsJsonAsync("/dev/token", new { role },
            TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var response = await host.Anonymous().PostAsync("/dev/token",
            new StringContent("{\"role\": ", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(response.Headers.Contains("X-Correlation-Id"), "an error response still carries the correlation id");
    }

    [Fact]
    public async Task Without_the_setting_the_development_issuer_does_not_exist()
    {
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?> { ["Auth:DevIssuer:Enabled"] = "false" });

        var response = await gateway.CreateClient().PostAsJsonAsync("/dev/token", new { role = "admin" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
