using System.Diagnostics;

namespace DxTrack.Bench.Load;

/// <summary>
/// Closed-loop throughput: <c>connections</c> workers each send the next request as soon as the previous
/// one is answered, for a fixed time. The answer rate is the most the server gives over that many
/// connections; latency from this mode is not reported (a closed loop hides queueing), only the rate.
/// </summary>
public static class SaturationLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient client, int connections, TimeSpan duration,
        FixedRateLoad.RequestFactory request, CancellationToken ct = default)
    {
        long sequence = -1, succeeded = 0, failed = 0;
        var errors = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>[connections];

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sequence);
                var started = clock.Elapsed.TotalMilliseconds;
                try
                {
                    using var message = request(n);
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref succeeded);
                        mine.Add(clock.Elapsed.TotalMilliseconds - started);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        errors.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, v) => v + 1);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    errors.AddOrUpdate(e.GetType().Name, 1, (_, v) => v + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(() => WorkerAsync(w), ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToList();
        return new LoadResult(0, succeeded / seconds, seconds, succeeded, failed, LatencyStats.From(all),
            new Dictionary<string, long>(errors));
    }
}
