namespace DxTrack.Bench.Load;

/// <summary>
/// Waits for the consumers to apply a step's events: each count (one per consuming service) must grow to its target.
/// </summary>
public static class ConsumerCatchUp
{
    /// <summary>
    /// Reads <paramref name="counts"/> every <paramref name="poll"/> until each reaches its <paramref name="targets"/>
    /// entry; returns how long that took, or null when <paramref name="limit"/> passed first.
    /// </summary>
    public static async Task<TimeSpan?> WaitAsync(Func<CancellationToken, Task<long[]>> counts, long[] targets,
        TimeSpan limit, TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var now = await counts(ct);
            if (now.Zip(targets).All(c => c.First >= c.Second)) return time.GetElapsedTime(started);
            if (time.GetElapsedTime(started) >= limit) return null;
            await Task.Delay(poll, time, ct);
        }
    }
}
