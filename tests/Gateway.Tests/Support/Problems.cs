using System.Net;
using System.Text.Json;

namespace DxTrack.Gateway.Tests.Support;

/// <summary>Assertions on what a client sees when something is refused.</summary>
public static class Problems
{
    /// <summary>The response has the status, is problem+json, and reveals nothing of the inside.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status,
        GatewayHost? host = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertRevealsNothing(response, body, host);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    public static void AssertRevealsNothing(HttpResponseMessage response, string body, GatewayHost? host)
    {
        Assert.DoesNotContain("   at ", body);                 // a stack frame
        Assert.DoesNotContain("Exception", body);
        foreach (var header in new[] { "Server", "X-Powered-By" })
            Assert.False(response.Headers.Contains(header), $"{header} header revealed");
        if (host is null) return;
        foreach (var address in new[] { host.Targets.Address, host.Submissions.Address, host.Notifications.Address })
        {
            var authority = new Uri(address).Authority;
            Assert.DoesNotContain(authority, body);
            Assert.DoesNotContain(authority, string.Join(" ", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value)));
        }
    }
}
