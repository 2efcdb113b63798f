using System.Net;
using DxTrack.Bench.Load;

namespace DxTrack.Bench.Tests;

/// <summary>
/// The fixed-rate generator counts its own lateness in sending, apart from the server's answer. Both tests run
/// on a <see cref="VirtualClock"/>, so what they assert does not depend on how busy the machine is.
/// </summary>
public sealed class FixedRateLoadTests
{
    /// <summary>
    /// Time that passes only when the code under test lets it: a wait moves the clock by the wait and ends at
    /// once, and every reading moves it a microsecond (so a loop that polls the clock sees it move).
    /// </summary>
    sealed class VirtualClock : TimeProvider
    {
        long _ticks, _reads;

        /// <summary>How often the clock was read: a loop that spins reads it over and over.</summary>
        public long Reads => Interlocked.Read(ref _reads);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond / 1000);
        }

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Advance(dueTime);
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
            return new Fired();
        }

        sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>Answers at once, after holding the sending loop for <paramref name="hold"/> of the clock's time, as a busy driver would.</summary>
    sealed class SlowToStart(VirtualClock clock, TimeSpan hold) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            clock.Advance(hold);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task A_generator_that_cannot_keep_its_rate_reports_its_lateness()
    {
        // 100/s asked, but each send holds the loop 20 ms: at most 50/s leave, so the last requests go about 0.5 s late.
        var clock = new VirtualClock();
        using var client = new HttpClient(new SlowToStart(clock, TimeSpan.FromMilliseconds(20)));

        var result = await FixedRateLoad.RunAsync(client, 100, TimeSpan.FromSeconds(0.5),
            _ => new HttpRequestMessage(HttpMethod.Get, "http://bench.invalid/"), ct: TestContext.Current.CancellationToken, time: clock);

        Assert.Equal(50, result.Succeeded);
        Assert.NotNull(result.SendLateness);
        Assert.Equal(50, result.SendLateness.Count);
        Assert.InRange(result.SendLateness.Max, 450, 520);
        Assert.True(result.Latency.Max >= result.SendLateness.Max, "a request's latency includes its lateness in sending");
    }

    [Fact]
    public async Task A_generator_that_keeps_its_rate_reports_little_lateness()
    {
        var clock = new VirtualClock();
        using var client = new HttpClient(new SlowToStart(clock, TimeSpan.Zero));

        var result = await FixedRateLoad.RunAsync(client, 100, TimeSpan.FromSeconds(0.5),
            _ => new HttpRequestMessage(HttpMethod.Get, "http://bench.invalid/"), ct: TestContext.Current.CancellationToken, time: clock);

        Assert.Equal(50, result.SendLateness!.Count);
        Assert.True(result.SendLateness.Max < 2, $"a send was {result.SendLateness.Max} ms late");
    }

    [Fact]
    public async Task Between_requests_due_less_than_a_millisecond_apart_the_generator_sleeps_instead_of_spinning()
    {
        // 2,000/s: a request every half millisecond. A loop that yields until the next one is due reads the clock
        // hundreds of times per request; one that sleeps a millisecond sends two per wake-up.
        var clock = new VirtualClock();
        using var client = new HttpClient(new SlowToStart(clock, TimeSpan.Zero));

        var result = await FixedRateLoad.RunAsync(client, 2000, TimeSpan.FromSeconds(0.5),
            _ => new HttpRequestMessage(HttpMethod.Get, "http://bench.invalid/"), ct: TestContext.Current.CancellationToken, time: clock);

        Assert.Equal(1000, result.Succeeded);
        Assert.True(clock.Reads < 10 * result.Succeeded, $"the clock was read {clock.Reads} times for {result.Succeeded} requests");
        Assert.True(result.SendLateness!.Max < 3, $"a send was {result.SendLateness.Max} ms late");
    }
}
