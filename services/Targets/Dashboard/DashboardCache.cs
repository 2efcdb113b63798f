using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// Read-through Redis copy of the dashboard. One request per process recomputes a missing entry while the
/// others wait for it (no stampede on PostgreSQL). Redis is an accelerator, not a dependency: when it fails the
/// answer comes from PostgreSQL, Redis is left alone for a few seconds, then tried again without a restart.
/// A generation counter guards the refill: a copy computed while a change committed (and evicted) is not
/// written back, so a stale dashboard never outlives the eviction that should have removed it.
/// </summary>
public sealed class DashboardCache(IConnectionMultiplexer redis, IOptions<TargetsOptions> options, TimeProvider clock,
    ILogger<DashboardCache> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly SemaphoreSlim _refill = new(1, 1);
    long _skipRedisUntil;

    // Set when Redis failed: evictions may have been lost meanwhile, so the cached copy is not trusted once it is back.
    int _mayBeStale;

    /// <summary>The dashboard views kept in Redis; every committed change evicts them all.</summary>
    public static readonly string[] Views = ["summary", "agencies", "indicators"];

    public string KeyOf(string view) => options.Value.CacheKeyPrefix + "dashboard:" + view;

    public string SummaryKey => KeyOf("summary");

    RedisKey GenerationKey => options.Value.CacheKeyPrefix + "dashboard:generation";

    public Task<DashboardSummary> GetSummaryAsync(Func<CancellationToken, Task<DashboardSummary>> compute, CancellationToken ct) =>
        GetAsync("summary", compute, ct);

    public async Task<T> GetAsync<T>(string view, Func<CancellationToken, Task<T>> compute, CancellationToken ct) where T : class
    {
        var key = KeyOf(view);
        if (!options.Value.DashboardCacheEnabled || !RedisUsable) return await compute(ct);
        if (Volatile.Read(ref _mayBeStale) == 1 && await TryDeleteAsync()) Interlocked.Exchange(ref _mayBeStale, 0);
        if (await TryReadAsync<T>(key) is { } hit) return hit;

        await _refill.WaitAsync(ct);
        try
        {
            if (await TryReadAsync<T>(key) is { } filled) return filled;
            var generation = await TryReadGenerationAsync();
            var fresh = await compute(ct);
            if (generation is { } seen) await TryWriteAsync(key, fresh, seen);
            return fresh;
        }
        finally
        {
            _refill.Release();
        }
    }

    /// <summary>Drops the cached dashboard after a committed change, so the next read recomputes it.</summary>
    public Task EvictAsync() => TryDeleteAsync();

    async Task<bool> TryDeleteAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            await db.StringIncrementAsync(GenerationKey);
            await db.KeyDeleteAsync(Views.Select(v => (RedisKey)KeyOf(v)).ToArray());
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Remembered in _mayBeStale; at worst the entry expires by itself within DashboardCacheSeconds.
            Failed(e, "evict");
            return false;
        }
    }

    bool RedisUsable => clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _skipRedisUntil);

    async Task<T?> TryReadAsync<T>(string key) where T : class
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<T>(value.ToString(), Json);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or JsonException)
        {
            Failed(e, "read");
            return null;
        }
    }

    /// <summary>The current generation (null value when none yet), or null when Redis failed.</summary>
    async Task<RedisValue?> TryReadGenerationAsync()
    {
        try
        {
            return await redis.GetDatabase().StringGetAsync(GenerationKey);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e, "read");
            return null;
        }
    }

    // Written only if no eviction happened since the generation was read, in one Redis transaction.
    async Task TryWriteAsync<T>(string key, T value, RedisValue generation)
    {
        try
        {
            var write = redis.GetDatabase().CreateTransaction();
            write.AddCondition(generation.IsNull
                ? Condition.KeyNotExists(GenerationKey)
                : Condition.StringEqual(GenerationKey, generation));
            _ = write.StringSetAsync(key, JsonSerializer.Serialize(value, Json),
                TimeSpan.FromSeconds(options.Value.DashboardCacheSeconds));
            await write.ExecuteAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e, "write");
        }
    }

    void Failed(Exception e, string operation)
    {
        if (e is JsonException) return;
        Interlocked.Exchange(ref _mayBeStale, 1);
        Interlocked.Exchange(ref _skipRedisUntil,
            clock.GetUtcNow().AddSeconds(options.Value.RedisRetryAfterSeconds).UtcTicks);
        logger.LogWarning("Redis {Operation} failed ({Error}); serving the dashboard from PostgreSQL for {Seconds} s",
            operation, e.GetType().Name, options.Value.RedisRetryAfterSeconds);
    }
}
