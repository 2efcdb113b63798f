using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DxTrack.ServiceDefaults.Health;

/// <summary>
/// The latest result of each dependency check, reused for <see cref="HealthOptions.CacheDuration"/>; while one check
/// runs, every other caller waits for that one instead of starting its own.
/// </summary>
public sealed class HealthCheckCache(IServiceScopeFactory scopes, TimeProvider clock, IOptions<HealthOptions> options)
{
    /// <summary>A check given no timeout of its own still ends: a hung one must not hold every later probe.</summary>
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    readonly Dictionary<string, Entry> _entries = [];

    /// <summary>The cached or shared result of <paramref name="registration"/>; waits for it at most as long as <paramref name="ct"/> allows.</summary>
    public Task<HealthCheckResult> ResultAsync(HealthCheckRegistration registration,
        Func<IServiceProvider, IHealthCheck> factory, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(registration.Name, out entry!))
                _entries[registration.Name] = entry = new Entry();
        }

        Task<HealthCheckResult> running;
        lock (entry)
        {
            if (entry.Result is { } fresh && clock.GetUtcNow() < entry.FreshUntil) return Task.FromResult(fresh);
            running = entry.Running ??= RunAsync(registration, factory, entry);
        }
        return running.WaitAsync(ct);
    }

    async Task<HealthCheckResult> RunAsync(HealthCheckRegistration registration, Func<IServiceProvider, IHealthCheck> factory, Entry entry)
    {
        await Task.Yield();
        HealthCheckResult result;
        // Its own scope and timeout: the caller that started it may go away while others wait for it.
        using var timeout = new CancellationTokenSource(registration.Timeout > TimeSpan.Zero ? registration.Timeout : DefaultTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var check = factory(scope.ServiceProvider);
            result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new HealthCheckResult(registration.FailureStatus, "Timed out.");
        }
        catch (Exception exception)
        {
            result = new HealthCheckResult(registration.FailureStatus, exception.Message, exception);
        }

        lock (entry)
        {
            entry.Result = result;
            entry.FreshUntil = clock.GetUtcNow() + options.Value.CacheDuration;
            entry.Running = null;
        }
        return result;
    }

    sealed class Entry
    {
        public HealthCheckResult? Result;
        public DateTimeOffset FreshUntil;
        public Task<HealthCheckResult>? Running;
    }
}
