using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTrack.Targets.Seed;

/// <summary>Loads the demo data at start when <c>Targets:SeedDemoData</c> is true (after migrations, which start first).</summary>
sealed class DemoDataSeeding(IServiceScopeFactory scopes, IOptions<TargetsOptions> options, ILogger<DemoDataSeeding> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData) return;
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another instance loaded the same rows at the same moment; the unique codes kept one copy.
            logger.LogWarning(e, "Demo data was being loaded by another instance; skipped");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
