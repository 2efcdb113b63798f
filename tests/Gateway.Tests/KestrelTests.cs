using System.Net;
using DxTrack.Gateway.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DxTrack.Gateway.Tests;

/// <summary>What only a real server shows: its own headers, and bodies that announce no length.</summary>
[Collection(GatewayCollection.Name)]
public sealed class KestrelTests(GatewayHost host)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<HttpClient> Viewer(WebApplicationFactory<Program> gateway) =>
        GatewayHost.WithBearer(gateway.CreateClient(), host.Issuer.Issue(DxRoles.Reporter, "STTTT", "kestrel-reporter"));

    [Fact]
    public async Task Neither_the_gateway_nor_the_service_behind_it_names_its_server()
    {
        var gateway = await host.StartGatewayAsync(kestrel: true);
        var client = await Viewer(gateway);

        var proxied = await client.GetAsync("/api/targets/agencies", Ct);
        var own = await gateway.CreateClient().GetAsync("/alive", Ct);

        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.False(proxied.Headers.Contains("Server"));
        Assert.False(proxied.Headers.Contains("X-Powered-By"));
        Assert.False(own.Headers.Contains("Server"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        var gateway = await host.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:Limits:MaxRequestBodyBytes"] = "4096",
        }, kestrel: true);
        var client = await Viewer(gateway);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = new StreamContent(new MemoryStream(new byte[64 * 1024])),
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request, Ct);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, host);
    }
}
