using System.Net;
using DxTrack.Bench.Load;

namespace DxTrack.Bench.Tests;

/// <summary>The fixed-rate generator counts its own lateness in sending, apart from the server's answer.</summary>
public sealed class FixedRateLoadTests
{
    /// <summary>Answers at once, but holds the caller's thread while it starts each request, as a busy driver would.</summary>
    sealed class SlowToStart(TimeSpan hold) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Thread.Sleep(hold);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task A_generator_that_cannot_keep_its_rate_reports_its_lateness()
    {
        // 100/s asked, but each send holds the loop 20 ms: at most 50/s leave, so the last requests go about 0.25 s late.
        using var client = new HttpClient(new SlowToStart(TimeSpan.FromMilliseconds(20)));

        var result = await FixedRateLoad.RunAsync(client, 100, TimeSpan.FromSeconds(0.5),
            _ => new HttpRequestMessage(HttpMethod.Get, "http://bench.invalid/"), ct: TestContext.Current.CancellationToken);

        Assert.Equal(50, result.Succeeded);
        Assert.NotNull(result.SendLateness);
        Assert.Equal(50, result.SendLateness.Count);
        Assert.True(result.SendLateness.Max >= 200, $"the last sends were {result.SendLateness.Max} ms late");
        Assert.True(result.Latency.Max >= result.SendLateness.Max, "a request's latency includes its lateness in sending");
    }

    [Fact]
    public async Task A_generator_that_keeps_its_rate_reports_little_lateness()
    {
        using var client = new HttpClient(new SlowToStart(TimeSpan.Zero));

        var result = await FixedRateLoad.RunAsync(client, 100, TimeSpan.FromSeconds(0.5),
            _ => new HttpRequestMessage(HttpMethod.Get, "http://bench.invalid/"), ct: TestContext.Current.CancellationToken);

        Assert.Equal(50, result.SendLateness!.Count);
        Assert.True(result.SendLateness.P50 < 100, $"half the sends were over {result.SendLateness.P50} ms late");
    }
}
