using System.Net;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RoutingTests(GatewayHost host)
{
    [Theory]
    [InlineData("/api/targets/agencies", "targets")]
    [InlineData("/api/targets", "targets")]
    [InlineData("/api/dashboard/summary", "targets")]
    [InlineData("/api/submissions/0195c1f2-aaaa-7bbb-8ccc-000000000001", "submissions")]
    [InlineData("/api/notifications/obligations/0195c1f2-aaaa-7bbb-8ccc-000000000001", "notifications")]
    public async Task Each_prefix_is_forwarded_to_its_service_with_the_path_and_query_unchanged(string path, string service)
    {
        var response = await host.As(DxRoles.Viewer).GetAsync(path + "?period=2026-Q4", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.EchoAsync();
        Assert.Equal(service, echo.Service);
        Assert.Equal(path, echo.Path);
        Assert.Equal("?period=2026-Q4", echo.Query);
    }

    [Fact]
    public async Task A_post_body_is_forwarded_whole()
    {
        var response = await host.As(DxRoles.Reporter, "STTTT").PostAsync("/api/submissions",
            new StringContent(new string('x', 5000), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var echo = await response.EchoAsync();
        Assert.Equal("POST", echo.Method);
        Assert.Equal(5000, echo.BodyLength);
    }

    [Fact]
    public async Task The_callers_correlation_id_is_forwarded_and_returned()
    {
        var client = host.As(DxRoles.Viewer);
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "report-2026-q4-retry-1");

        var response = await client.GetAsync("/api/targets/agencies", TestContext.Current.CancellationToken);

        Assert.Equal("report-2026-q4-retry-1", (await response.EchoAsync()).Header("X-Correlation-Id"));
        Assert.Equal("report-2026-q4-retry-1", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task A_correlation_id_is_created_when_the_caller_sends_none_and_is_the_same_on_both_sides()
    {
        var response = await host.As(DxRoles.Viewer).GetAsync("/api/targets/agencies", TestContext.Current.CancellationToken);

        var returned = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.False(string.IsNullOrWhiteSpace(returned));
        Assert.Equal(returned, (await response.EchoAsync()).Header("X-Correlation-Id"));
    }

    [Fact]
    public async Task Headers_that_describe_the_servers_behind_the_gateway_are_removed()
    {
        var response = await host.As(DxRoles.Viewer).GetAsync("/api/targets/agencies", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
    }

    [Fact]
    public async Task A_proxied_answer_reveals_nothing_of_the_service_behind_it()
    {
        var response = await host.As(DxRoles.Viewer).GetAsync("/api/targets/agencies/plain", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("STTTT", body);
        Problems.AssertRevealsNothing(response, body, host);
        Assert.False(response.Headers.Contains("X-Backend-Address"), "X-Backend-Address passed the gateway");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
    }

    [Fact]
    public async Task A_location_pointing_at_the_service_becomes_a_path_on_the_gateway()
    {
        var response = await host.As(DxRoles.Secretariat).PostAsync("/api/targets/obligations/created",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/targets/obligations/created/42", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_api_path_is_401_for_anonymous_callers_and_404_for_authenticated_ones()
    {
        var anonymous = await host.Anonymous().GetAsync("/api/elsewhere/things", TestContext.Current.CancellationToken);
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, host);

        var known = await host.As(DxRoles.Viewer).GetAsync("/api/elsewhere/things", TestContext.Current.CancellationToken);
        await known.AssertProblemAsync(HttpStatusCode.NotFound, host);
    }

    [Fact]
    public async Task Health_and_liveness_answer_anonymously()
    {
        var client = host.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Without_its_database_the_gateway_is_still_ready_but_not_healthy()
    {
        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(host.Database.ConnectionString);
        await using var relay = new DxTrack.TestSupport.TcpRelay(postgres.Host!, postgres.Port);
        var throughRelay = new Npgsql.NpgsqlConnectionStringBuilder(host.Database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port };
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:gatewaydb"] = throughRelay.ConnectionString,
            ["Health:CacheDuration"] = "00:00:00",
        });
        var client = gateway.CreateClient();
        relay.Stop();

        // Tokens are checked without it, and the services behind it do not need it: it routes, so it is ready.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }
}
