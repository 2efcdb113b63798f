using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// Read-through Redis copy of the dashboard views. One request per process and view recomputes a missing entry
/// while the others wait for it (no stampede on PostgreSQL). Redis is an accelerator, not a dependency: when it
/// fails the answer comes from PostgreSQL, Redis is left alone for a few seconds, then tried again without a restart.
/// Generation counters guard the refill: a copy computed while a change committed (and evicted it) is not written
/// back, so a stale view never outlives the eviction that should have removed it. Each view has its own counter
/// (an event evicts only the views it affects) and one counter covers them all (a change to the plan evicts every view).
/// </summary>
public sealed class DashboardCache(IConnectionMultiplexer redis, IOptions<TargetsOptions> options, TimeProvider clock,
    ILogger<DashboardCache> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly ConcurrentDictionary<string, SemaphoreSlim> _refills = new(StringComparer.Ordinal);
    long _skipRedisUntil;

    // Set when Redis failed: evictions may have been lost meanwhile, so the cached copy is not trusted once it is back.
    int _mayBeStale;

    /// <summary>The province-wide views; drill-downs are <see cref="IndicatorView"/> and <see cref="AgencyView"/>.</summary>
    public const string Overview = "overview", Summary = "summary", Agencies = "agencies", Indicators = "indicators";

    /// <summary>Views that aggregate over every agency and indicator, so any report changes them.</summary>
    public static readonly string[] ProvinceViews = [Overview, Summary, Agencies, Indicators];

    public static string IndicatorView(Guid id) => "indicator:" + id.ToString("N");

    public static string AgencyView(string code) => "agency:" + code.ToUpperInvariant();

    public string KeyOf(string view) => options.Value.CacheKeyPrefix + "dashboard:" + view;

    public string SummaryKey => KeyOf(Summary);

    RedisKey GenerationKey => options.Value.CacheKeyPrefix + "dashboard:generation";

    RedisKey GenerationOf(string view) => options.Value.CacheKeyPrefix + "dashboard:generation:" + view;

    // Every view ever written, so "evict everything" can find the drill-downs.
    RedisKey EntriesKey => options.Value.CacheKeyPrefix + "dashboard:entries";

    public async Task<DashboardSummary> GetSummaryAsync(Func<CancellationToken, Task<DashboardSummary>> compute, CancellationToken ct) =>
        (await GetAsync(Summary, compute, ct)).Value;

    /// <summary>The view with its entity tag, from Redis when there, else computed (once per process at a time).</summary>
    public async Task<DashboardEntry<T>> GetAsync<T>(string view, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class =>
        (await FindAsync<T>(view, async c => await compute(c), ct))!;

    /// <summary>Like <see cref="GetAsync{T}"/> for a view that may not exist (an unknown id): null is returned, never cached.</summary>
    public async Task<DashboardEntry<T>?> FindAsync<T>(string view, Func<CancellationToken, Task<T?>> compute, CancellationToken ct)
        where T : class
    {
        var key = KeyOf(view);
        if (!options.Value.DashboardCacheEnabled || !RedisUsable) return Entry(await compute(ct));
        if (Volatile.Read(ref _mayBeStale) == 1 && await TryEvictAllAsync()) Interlocked.Exchange(ref _mayBeStale, 0);
        if (await TryReadAsync<T>(key) is { } hit) return hit;

        var refill = _refills.GetOrAdd(view, _ => new SemaphoreSlim(1, 1));
        await refill.WaitAsync(ct);
        try
        {
            if (await TryReadAsync<T>(key) is { } filled) return filled;
            var generations = await TryReadGenerationsAsync(view);
            var fresh = Entry(await compute(ct));
            if (fresh is not null && generations is { } seen) await TryWriteAsync(view, key, fresh, seen);
            return fresh;
        }
        finally
        {
            refill.Release();
        }
    }

    /// <summary>Drops every cached view after a change to the plan, so the next reads recompute them.</summary>
    public Task EvictAsync() => TryEvictAllAsync();

    /// <summary>Drops the named views only (e.g. one agency's drill-down and the province views) after a committed change.</summary>
    public async Task EvictAsync(IEnumerable<string> views)
    {
        if (!options.Value.DashboardCacheEnabled) return;
        var distinct = views.Distinct(StringComparer.Ordinal).ToArray();
        try
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(distinct.Select(v => db.StringIncrementAsync(GenerationOf(v))));
            await db.KeyDeleteAsync(distinct.Select(v => (RedisKey)KeyOf(v)).ToArray());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e, "evict");
        }
    }

    async Task<bool> TryEvictAllAsync()
    {
        if (!options.Value.DashboardCacheEnabled) return true;
        try
        {
            var db = redis.GetDatabase();
            await db.StringIncrementAsync(GenerationKey);
            var written = (await db.SetMembersAsync(EntriesKey)).Select(v => (RedisKey)KeyOf(v.ToString()));
            await db.KeyDeleteAsync(ProvinceViews.Select(v => (RedisKey)KeyOf(v)).Concat(written).Append(EntriesKey).ToArray());
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Remembered in _mayBeStale; at worst an entry expires by itself within DashboardCacheSeconds.
            Failed(e, "evict");
            return false;
        }
    }

    /// <summary>
    /// A strong entity tag over the view's content (its computation time left out), so the same figures computed
    /// twice — from Redis or from PostgreSQL — carry the same tag and a polling client keeps getting 304.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static DashboardEntry<T>? Entry<T>(T? value) where T : class
    {
        if (value is null) return null;
        var node = JsonSerializer.SerializeToNode(value, Json);
        if (node is JsonObject o) o.Remove("computedAt");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? ""));
        return new DashboardEntry<T>(value, "\"" + Convert.ToHexStringLower(hash, 0, 16) + "\"");
    }

    bool RedisUsable => clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _skipRedisUntil);

    async Task<DashboardEntry<T>?> TryReadAsync<T>(string key) where T : class
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Stored<T>>(value.ToString(), Json) is { Value: { } v, ETag: { } tag }
                ? new DashboardEntry<T>(v, tag)
                : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or JsonException)
        {
            Failed(e, "read");
            return null;
        }
    }

    /// <summary>The global and the view's generation (null values when none yet), or null when Redis failed.</summary>
    async Task<RedisValue[]?> TryReadGenerationsAsync(string view)
    {
        try
        {
            return await redis.GetDatabase().StringGetAsync([GenerationKey, GenerationOf(view)]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e, "read");
            return null;
        }
    }

    // Written only if no eviction of this view (or of all views) happened since the generations were read.
    async Task TryWriteAsync<T>(string view, string key, DashboardEntry<T> entry, RedisValue[] generations) where T : class
    {
        try
        {
            var write = redis.GetDatabase().CreateTransaction();
            write.AddCondition(Unchanged(GenerationKey, generations[0]));
            write.AddCondition(Unchanged(GenerationOf(view), generations[1]));
            _ = write.StringSetAsync(key, JsonSerializer.Serialize(new Stored<T>(entry.ETag, entry.Value), Json),
                TimeSpan.FromSeconds(options.Value.DashboardCacheSeconds));
            _ = write.SetAddAsync(EntriesKey, view);
            await write.ExecuteAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e, "write");
        }
    }

    static Condition Unchanged(RedisKey key, RedisValue seen) =>
        seen.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, seen);

    void Failed(Exception e, string operation)
    {
        if (e is JsonException) return;
        Interlocked.Exchange(ref _mayBeStale, 1);
        Interlocked.Exchange(ref _skipRedisUntil,
            clock.GetUtcNow().AddSeconds(options.Value.RedisRetryAfterSeconds).UtcTicks);
        logger.LogWarning("Redis {Operation} failed ({Error}); serving the dashboard from PostgreSQL for {Seconds} s",
            operation, e.GetType().Name, options.Value.RedisRetryAfterSeconds);
    }

    sealed record Stored<T>(string? ETag, T? Value);
}

/// <summary>A dashboard view and its entity tag (quoted, ready for the <c>ETag</c> header).</summary>
public sealed record DashboardEntry<T>(T Value, string ETag);
