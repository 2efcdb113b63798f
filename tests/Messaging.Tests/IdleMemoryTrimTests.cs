using DxTrack.ServiceDefaults.Memory;
using DxTrack.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A service that goes quiet after a burst runs one full collection, so the garbage the burst promoted to gen2
/// goes back to the operating system; it never does while busy, nor for a little growth.
/// </summary>
[Collection(IdleMemoryTrimTests.Alone)]
public sealed class IdleMemoryTrimTests
{
    /// <summary>These tests run full collections of the whole test process: nothing else runs alongside.</summary>
    public const string Alone = "the garbage collector, alone";

    const long MB = 1024 * 1024;
    static readonly IdleTrimOptions Defaults = new();

    [Fact]
    public void An_interval_that_allocates_faster_than_the_idle_rate_is_not_trimmed()
    {
        var before = new GcReading(AllocatedBytes: 0, OldBytes: 0, OldBytesAfterFullCollection: 0);
        var grown = 200 * MB;

        // 20 MB in 10 s is 2 MB/s: busy at the default 1 MB/s; 5 MB in 10 s is idle.
        Assert.False(IdleMemoryTrim.ShouldTrim(before, new GcReading(20 * MB, grown, 0), TimeSpan.FromSeconds(10), Defaults));
        Assert.True(IdleMemoryTrim.ShouldTrim(before, new GcReading(5 * MB, grown, 0), TimeSpan.FromSeconds(10), Defaults));
    }

    [Fact]
    public void Growth_of_the_old_generations_below_the_minimum_is_not_worth_a_trim()
    {
        var before = new GcReading(0, 0, 0);
        var after = 100 * MB;

        Assert.False(IdleMemoryTrim.ShouldTrim(before, new GcReading(0, after + 31 * MB, after), TimeSpan.FromSeconds(10), Defaults));
        Assert.True(IdleMemoryTrim.ShouldTrim(before, new GcReading(0, after + 32 * MB, after), TimeSpan.FromSeconds(10), Defaults));
        // Shrinking since the last full collection (it freed more than was promoted since) is no growth.
        Assert.Equal(0, new GcReading(0, after - 50 * MB, after).OldGrowthBytes);
    }

    [Fact]
    public async Task A_service_runs_one_full_collection_once_it_is_idle_after_a_burst_and_not_while_busy()
    {
        var ct = TestContext.Current.CancellationToken;
        var readings = new Readings(
            new GcReading(0, 200 * MB, 100 * MB),        // at start, with 100 MB promoted since the last full collection
            new GcReading(50 * MB, 200 * MB, 100 * MB),  // busy: 50 MB in 10 s
            new GcReading(51 * MB, 200 * MB, 100 * MB),  // quiet: 1 MB in 10 s
            new GcReading(51 * MB, 110 * MB, 110 * MB),  // what the trim left
            new GcReading(51 * MB, 110 * MB, 110 * MB)); // still quiet, nothing left to gain
        var time = new FakeTimeProvider();
        var log = new RecordingLogger();
        using var trim = new IdleMemoryTrim(Options.Create(Defaults), time, log) { Read = readings.Next };
        await trim.StartAsync(ct);
        await readings.TakenAsync(1); // the start reading, on the service's own thread

        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(2);
        Assert.Empty(log.Messages);

        var fullCollections = GC.CollectionCount(GC.MaxGeneration);
        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(4);
        await Eventually.Until(() => Task.FromResult(log.Messages.Count > 0), because: "the quiet interval trims");
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections, "no full collection ran");
        Assert.StartsWith("Idle after a burst: a full collection took gen2 and large objects from 200 to 110 MB", log.Messages[0]);

        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(5);
        await trim.StopAsync(ct);
        Assert.Single(log.Messages);
    }

    [Fact]
    public async Task A_disabled_trim_does_not_run()
    {
        using var trim = new IdleMemoryTrim(Options.Create(new IdleTrimOptions { Enabled = false }), new FakeTimeProvider(),
            new RecordingLogger());
        await trim.StartAsync(TestContext.Current.CancellationToken);

        // An enabled one runs until the host stops.
        await Eventually.Until(() => Task.FromResult(trim.ExecuteTask?.IsCompleted == true), TimeSpan.FromSeconds(5),
            because: "a disabled trim returns at once");
        Assert.True(trim.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public void The_collectors_own_reading_shows_no_growth_right_after_a_full_collection_and_counts_allocations()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var afterFull = GcReading.Now();
        var bytes = new byte[4 * MB];

        Assert.Equal(0, afterFull.OldGrowthBytes);
        Assert.True(afterFull.OldBytes > 0, "the test process's own objects survive in gen2");
        Assert.True(GcReading.Now().AllocatedBytes - afterFull.AllocatedBytes >= bytes.Length);
    }

    /// <summary>Readings handed out in order (the last one again once they run out), counting how many were taken.</summary>
    sealed class Readings(params GcReading[] values)
    {
        int _taken;

        public GcReading Next()
        {
            var index = Interlocked.Increment(ref _taken) - 1;
            return values[Math.Min(index, values.Length - 1)];
        }

        public Task TakenAsync(int count) =>
            Eventually.Until(() => Task.FromResult(Volatile.Read(ref _taken) >= count), because: $"{count} readings taken");
    }

    sealed class RecordingLogger : ILogger<IdleMemoryTrim>
    {
        readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages { get { lock (_messages) return [.. _messages]; } }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            lock (_messages) _messages.Add(formatter(state, exception));
        }
    }
}

[CollectionDefinition(IdleMemoryTrimTests.Alone, DisableParallelization = true)]
public sealed class GarbageCollectorCollection;
