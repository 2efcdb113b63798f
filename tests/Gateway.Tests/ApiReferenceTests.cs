using System.Net;
using System.Text.Json;
using DxTrack.Gateway.Tests.Support;

namespace DxTrack.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ApiReferenceTests(GatewayHost host)
{
    [Theory]
    [InlineData("targets")]
    [InlineData("submissions")]
    [InlineData("notifications")]
    public async Task Each_services_api_description_is_published_anonymously_without_its_address(string service)
    {
        var response = await host.Anonymous().GetAsync($"/openapi/{service}.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Problems.AssertRevealsNothing(response, body, host);
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty($"/api/{service}/ping", out _));
        Assert.Equal("/", document.RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_gateways_own_api_is_described_with_its_api_keys_and_audit_trail()
    {
        var response = await host.Anonymous().GetAsync("/openapi/gateway.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Problems.AssertRevealsNothing(response, body, host);
        var paths = JsonDocument.Parse(body).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/gateway/api-keys", out var keys), "POST/GET /api/gateway/api-keys is described");
        Assert.True(keys.TryGetProperty("post", out _) && keys.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/gateway/api-keys/{id}", out var key), "GET/DELETE /api/gateway/api-keys/{id} is described");
        Assert.True(key.TryGetProperty("get", out _) && key.TryGetProperty("delete", out _));
        Assert.True(paths.TryGetProperty("/api/gateway/audit", out _), "GET /api/gateway/audit is described");
        // Development-only and catch-all routes are not part of the API.
        Assert.False(paths.TryGetProperty("/dev/token", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("rest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_api_description_is_404()
    {
        var response = await host.Anonymous().GetAsync("/openapi/secrets.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_api_reference_page_lists_the_three_services_and_the_gateway()
    {
        var response = await host.Anonymous().GetAsync("/scalar", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var document in new[] { "targets", "submissions", "notifications", "gateway" })
            Assert.Contains($"openapi/{document}.json", page);
        var script = await host.Anonymous().GetAsync("/scalar/scalar.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
