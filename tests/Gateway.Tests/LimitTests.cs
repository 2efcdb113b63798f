using System.Net;
using System.Net.Http.Json;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class LimitTests(GatewayHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_it_reaches_the_service()
    {
        var body = new ByteArrayContent(new byte[1024 * 1024 + 1]);
        body.Headers.ContentType = new("application/json");

        var response = await host.As(DxRoles.Reporter, "STTTT").PostAsync("/api/submissions", body, Ct);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, host);
    }

    [Fact]
    public async Task A_body_at_the_limit_passes()
    {
        var response = await host.As(DxRoles.Reporter, "STTTT").PostAsync("/api/submissions",
            new ByteArrayContent(new byte[1024 * 1024]), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024 * 1024, (await response.EchoAsync()).BodyLength);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_in_time_gives_504_problem()
    {
        var response = await host.As(DxRoles.Viewer).GetAsync("/api/notifications/slow", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, host);
        Assert.Contains("notifications", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_retry_after_while_others_go_on()
    {
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerMinute"] = "3",
        });
        var greedy = GatewayHost.WithBearer(gateway.CreateClient(), host.Issuer.Issue(DxRoles.Viewer, null, "greedy"));
        var other = GatewayHost.WithBearer(gateway.CreateClient(), host.Issuer.Issue(DxRoles.Viewer, null, "other"));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/dashboard/summary", Ct)).StatusCode);
        var refused = await greedy.GetAsync("/api/dashboard/summary", Ct);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, host);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/dashboard/summary", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/alive", Ct)).StatusCode);
    }

    [Fact]
    public async Task Callers_without_credentials_share_a_budget_per_address_and_failed_keys_count()
    {
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:AnonymousPermitsPerMinute"] = "2",
        });
        var guesser = gateway.CreateClient();
        guesser.DefaultRequestHeaders.Add("X-Api-Key", "dxk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/targets/agencies", Ct)).StatusCode);
        var refused = await guesser.GetAsync("/api/targets/agencies", Ct);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, host);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_service_that_is_down_gives_502_problem_without_its_address()
    {
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:Services:Targets"] = "http://127.0.0.1:9",
        });
        var client = GatewayHost.WithBearer(gateway.CreateClient(), host.Issuer.Issue(DxRoles.Viewer, null, "viewer"));

        var response = await client.GetAsync("/api/targets/agencies", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway, host);
        Assert.DoesNotContain("127.0.0.1", problem.ToString());
        Assert.DoesNotContain(":9", problem.ToString());
        Assert.Contains("targets", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_invalid_limit_stops_the_gateway_at_start()
    {
        var start = () => host.StartGatewayAsync(new Dictionary<string, string?> { ["Gateway:Limits:MaxRequestBodyBytes"] = "0" });

        var error = await Assert.ThrowsAnyAsync<Exception>(start);
        Assert.Contains("MaxRequestBodyBytes", error.ToString());
    }
}
