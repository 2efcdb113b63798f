using System.Net;

namespace DxTrack.Bench.Load;

/// <summary>
/// A constant-throughput load generator in the manner of wrk2: request <c>i</c> is due at
/// <c>start + i / rate</c> and its latency is measured from that instant, not from when a connection
/// became free, so a slow server cannot hide its queueing (no coordinated omission). Requests share one
/// <see cref="HttpClient"/> whose handler opens at most <c>connections</c> connections; requests beyond
/// them wait for a connection, and that wait counts.
/// </summary>
public sealed class FixedRateLoad
{
    /// <summary>A request factory: the request's sequence number to the request to send.</summary>
    public delegate HttpRequestMessage RequestFactory(long sequence);

    /// <summary>An answer check: true when the response counts as a success.</summary>
    public delegate bool SuccessCheck(HttpResponseMessage response, long sequence, double latencyMs);

    /// <summary>A client with exactly <paramref name="connections"/> connections to each server.</summary>
    public static HttpClient Client(int connections, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// Sends <paramref name="rate"/> requests a second for <paramref name="duration"/> and waits for every
    /// answer. At most <paramref name="maxInFlight"/> requests are outstanding; a request due while that many
    /// are outstanding fails as "overloaded" (the server is far behind; the run does not hold).
    /// </summary>
    /// <remarks><paramref name="time"/> is the clock the schedule and the latencies are read from (the system's by default).</remarks>
    public static async Task<LoadResult> RunAsync(HttpClient client, double rate, TimeSpan duration,
        RequestFactory request, SuccessCheck? success = null, int maxInFlight = 20_000, CancellationToken ct = default,
        TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        success ??= (response, _, _) => response.IsSuccessStatusCode;
        var total = (long)Math.Round(rate * duration.TotalSeconds);
        var latencies = new List<double>((int)Math.Min(total, 2_000_000));
        var lateness = new List<double>((int)Math.Min(total, 2_000_000));
        var errors = new Dictionary<string, long>();
        var gate = new object();
        long succeeded = 0, failed = 0, inFlight = 0;
        var pending = new List<Task>((int)Math.Min(total, 2_000_000));
        var start = time.GetTimestamp();
        double NowMs() => time.GetElapsedTime(start).TotalMilliseconds;
        double lastAnswer = 0;

        void Fail(string reason)
        {
            lock (gate)
            {
                failed++;
                errors[reason] = errors.GetValueOrDefault(reason) + 1;
            }
        }

        async Task SendAsync(long sequence, double intendedMs)
        {
            try
            {
                using var message = request(sequence);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
                var now = NowMs();
                var latency = now - intendedMs;
                if (success(response, sequence, latency))
                    lock (gate)
                    {
                        succeeded++;
                        latencies.Add(latency);
                        if (now > lastAnswer) lastAnswer = now;
                    }
                else Fail(((int)response.StatusCode).ToString());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Fail("timeout");
            }
            catch (HttpRequestException e)
            {
                Fail(e.HttpRequestError.ToString());
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        long sent = 0;
        while (sent < total)
        {
            ct.ThrowIfCancellationRequested();
            var due = Math.Min(total, (long)(NowMs() / 1000 * rate) + 1);
            for (; sent < due; sent++)
            {
                var intended = sent * 1000.0 / rate;
                if (Interlocked.Read(ref inFlight) >= maxInFlight)
                {
                    Fail("overloaded");
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                lateness.Add(NowMs() - intended);
                pending.Add(SendAsync(sent, intended));
            }
            if (sent < total)
            {
                // Sleep until the next request is due, at least a millisecond (the timer's resolution): a late wake-up
                // sends the overdue requests at once and their latency includes the lateness. Yielding instead when
                // the next one was due within the millisecond spun a core at high rates, on the cores being measured.
                var nextMs = sent * 1000.0 / rate - NowMs();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(nextMs, 1, 50)), time, ct);
            }
        }
        await Task.WhenAll(pending);

        var seconds = Math.Max(duration.TotalSeconds, lastAnswer / 1000.0);
        LatencyStats stats;
        lock (gate) stats = LatencyStats.From(latencies);
        return new LoadResult(rate, succeeded / seconds, seconds, succeeded, failed, stats, errors, LatencyStats.From(lateness));
    }
}
