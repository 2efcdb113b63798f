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
    public async Task An_unknown_api_description_is_404()
    {
        var response = await host.Anonymous().GetAsync("/openapi/secrets.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_api_reference_page_lists_the_three_documents()
    {
        var response = await host.Anonymous().GetAsync("/scalar", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var service in new[] { "targets", "submissions", "notifications" })
            Assert.Contains($"openapi/{service}.json", page);
        var script = await host.Anonymous().GetAsync("/scalar/scalar.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
