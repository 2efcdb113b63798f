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
        var tenSeconds = TimeSpan.FromSeconds(10);

        // 20 MB in 10 s is 2 MB/s: busy at the default 1 MB/s; 5 MB in 10 s is idle.
        Assert.False(IdleMemoryTrim.ShouldTrim(20 * MB, tenSeconds, sinceCompaction: 500 * MB, Defaults));
        Assert.True(IdleMemoryTrim.ShouldTrim(5 * MB, tenSeconds, sinceCompaction: 500 * MB, Defaults));
    }

    [Fact]
    public void Quiet_that_follows_less_than_a_burst_is_not_worth_a_trim()
    {
        var tenSeconds = TimeSpan.FromSeconds(10);

        Assert.False(IdleMemoryTrim.ShouldTrim(0, tenSeconds, sinceCompaction: 127 * MB, Defaults));
        Assert.True(IdleMemoryTrim.ShouldTrim(0, tenSeconds, sinceCompaction: 128 * MB, Defaults));
    }

    [Fact]
    public async Task A_service_runs_one_full_collection_once_it_is_idle_after_a_burst_and_not_while_busy()
    {
        var ct = TestContext.Current.CancellationToken;
        var readings = new Readings(
            new GcReading(0, 1),          // at start
            new GcReading(300 * MB, 1),   // busy: 300 MB in 10 s
            new GcReading(301 * MB, 1),   // quiet: 1 MB in 10 s, after 301 MB since the start
            new GcReading(301 * MB, 2),   // what the trim left
            new GcReading(301 * MB, 2));  // still quiet, nothing allocated since the trim
        var time = new FakeTimeProvider();
        var log = new RecordingLogger();
        using var trim = new IdleMemoryTrim(Options.Create(Defaults), time, log) { Read = readings.Next };
        await trim.StartAsync(ct);
        await readings.TakenAsync(1); // the start reading, on the service's own thread

        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(2);

        var fullCollections = GC.CollectionCount(GC.MaxGeneration);
        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(4);
        await Eventually.Until(() => Task.FromResult(log.Messages.Count > 0), because: "the quiet interval trims");
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections, "no full collection ran");
        Assert.StartsWith("Idle after 301 MB of allocations: a full collection took the heap's committed memory from",
            log.Messages[0]);

        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(5);
        await trim.StopAsync(ct);
        Assert.Single(log.Messages); // not on the busy interval, nor again without a new burst
    }

    [Fact]
    public async Task A_compacting_collection_the_runtime_ran_on_its_own_counts_as_the_trim()
    {
        var ct = TestContext.Current.CancellationToken;
        var readings = new Readings(
            new GcReading(0, 1),
            new GcReading(300 * MB, 2),   // busy, and the collector compacted during the burst
            new GcReading(301 * MB, 2));  // quiet, 1 MB after that collection
        var log = new RecordingLogger();
        var time = new FakeTimeProvider();
        using var trim = new IdleMemoryTrim(Options.Create(Defaults), time, log) { Read = readings.Next };
        await trim.StartAsync(ct);
        await readings.TakenAsync(1);

        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(2);
        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(3);
        // A fourth reading would be the trim's own: wait for one more tick to be sure none came.
        time.Advance(Defaults.CheckInterval);
        await readings.TakenAsync(4);
        await trim.StopAsync(ct);

        Assert.Empty(log.Messages);
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
    public void The_collectors_own_reading_counts_allocations_and_compacting_collections()
    {
        var before = GcReading.Now();
        var bytes = new byte[4 * MB];
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = GcReading.Now();

        Assert.True(after.AllocatedBytes - before.AllocatedBytes >= bytes.Length, $"{before} {after}");
        Assert.True(after.LastFullBlockingCollection > before.LastFullBlockingCollection, $"{before} {after}");
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
