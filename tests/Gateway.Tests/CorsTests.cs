using System.Net;
using DxTrack.Gateway.Tests.Support;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class CorsTests(GatewayHost host)
{
    async Task<HttpResponseMessage> Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return await host.Anonymous().SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_dashboard_page_may_call_the_dashboard_api_from_its_origin()
    {
        var response = await Preflight("/api/dashboard/summary", GatewayHost.DashboardOrigin);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(GatewayHost.DashboardOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("authorization", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_may_not_call_the_dashboard_api()
    {
        var response = await Preflight("/api/dashboard/summary", "https://evil.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/targets/agencies")]
    [InlineData("/api/submissions")]
    [InlineData("/api/notifications/deliveries")]
    [InlineData("/api/gateway/api-keys")]
    public async Task Even_the_dashboard_origin_may_not_call_other_apis_from_a_browser(string path)
    {
        var response = await Preflight(path, GatewayHost.DashboardOrigin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_actual_dashboard_call_from_the_origin_carries_the_allow_origin_header()
    {
        var client = host.As("viewer");
        client.DefaultRequestHeaders.Add("Origin", GatewayHost.DashboardOrigin);

        var response = await client.GetAsync("/api/dashboard/summary", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayHost.DashboardOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
