using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// Forgets idempotency keys once a retry can no longer be expected (<c>Submissions:IdempotencyKeyDays</c>),
/// so the table does not grow forever. A key used again after that is a new request.
/// </summary>
public sealed class IdempotencyKeyCleanup(IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<SubmissionsOptions> options, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Every, clock, stoppingToken);
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a while; the next round tries again.
                logger.LogWarning(e, "Removing expired idempotency keys failed; trying again in {Every}", Every);
            }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.IdempotencyKeyDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubmissionsDb>();
        // Housekeeping, not a trace: its log line says what it removed.
        using var untraced = SuppressInstrumentationScope.Begin();
        var removed = await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        if (removed > 0) logger.LogInformation("Removed {Count} idempotency keys older than {Cutoff}", removed, cutoff);
        return removed;
    }
}
