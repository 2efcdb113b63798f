using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DxTrack.ServiceDefaults.Memory;

/// <summary>
/// Runs one full, compacting collection when the service has gone idle after a burst, so the memory the burst
/// left behind goes back to the operating system.
/// </summary>
/// <remarks>
/// Under load, requests and messages in flight live long enough to be promoted to gen2; when they die there,
/// only a full collection frees them, and the collector starts one only when allocations call for it. Its
/// background collections free them without compacting, so the memory stays committed. A service that goes
/// quiet after a burst therefore keeps the burst's high-water mark: at the end of a benchmark, Submissions held
/// 97 MB of gen2 for 43 MB of live objects, and a compacting collection took its working set from 331 to 258 MB.
/// The trim waits for a whole quiet interval after at least <see cref="IdleTrimOptions.BurstMB"/> of allocations
/// since the last compacting collection, so its pause (50–160 ms for 43 MB of live objects on two cores) falls
/// on nobody's request, once per burst.
/// </remarks>
public sealed class IdleMemoryTrim(IOptions<IdleTrimOptions> options, TimeProvider clock, ILogger<IdleMemoryTrim> logger)
    : BackgroundService
{
    const double MB = 1024 * 1024;

    /// <summary>Where the readings come from: the collector's own, unless a test says otherwise.</summary>
    public Func<GcReading> Read { get; init; } = GcReading.Now;

    /// <summary>
    /// Whether an interval of <paramref name="elapsed"/> that allocated <paramref name="allocated"/> bytes was
    /// idle, after a burst of <paramref name="sinceCompaction"/> bytes allocated since the last compacting collection.
    /// </summary>
    public static bool ShouldTrim(long allocated, TimeSpan elapsed, long sinceCompaction, IdleTrimOptions options) =>
        elapsed > TimeSpan.Zero &&
        allocated / MB / elapsed.TotalSeconds < options.IdleBelowMBPerSecond &&
        sinceCompaction >= options.BurstMB * MB;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(settings.CheckInterval, clock);
        var previous = Read();
        var compactedAt = 0L; // allocated bytes at the last compacting collection: the process's start, at first
        var since = clock.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var current = Read();
                // The collector compacted on its own: what came before is already handed back.
                if (current.LastFullBlockingCollection != previous.LastFullBlockingCollection)
                    compactedAt = current.AllocatedBytes;
                if (ShouldTrim(current.AllocatedBytes - previous.AllocatedBytes, clock.GetElapsedTime(since),
                        current.AllocatedBytes - compactedAt, settings))
                {
                    current = Trim(current.AllocatedBytes - compactedAt);
                    compactedAt = current.AllocatedBytes;
                }
                previous = current;
                since = clock.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    GcReading Trim(long burst)
    {
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var workingSetBefore = Environment.WorkingSet;
        var pause = Stopwatch.StartNew();
        // Aggressive: compact, and decommit what is freed instead of keeping it for the next burst.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        pause.Stop();
        logger.LogInformation(
            "Idle after {BurstMB:0} MB of allocations: a full collection took the heap's committed memory from " +
            "{CommittedBeforeMB:0} to {CommittedAfterMB:0} MB and the working set from {WorkingSetBeforeMB:0} to " +
            "{WorkingSetAfterMB:0} MB in {PauseMs:0} ms",
            burst / MB, committedBefore / MB, GC.GetGCMemoryInfo().TotalCommittedBytes / MB, workingSetBefore / MB,
            Environment.WorkingSet / MB, pause.Elapsed.TotalMilliseconds);
        return Read();
    }
}
