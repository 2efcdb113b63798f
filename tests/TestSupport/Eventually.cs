using System.Diagnostics;

namespace DxTrack.TestSupport;

/// <summary>Waits for a condition instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null,
        string? because = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(20);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (watch.Elapsed > limit)
                throw new TimeoutException(
                    $"Condition not met within {limit}{(because is null ? "" : $": {because}")}; last value: {last}");
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, 500));
        }
    }

    public static Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null) =>
        Until(condition, ok => ok, timeout, because);
}
