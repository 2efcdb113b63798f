using Microsoft.Extensions.Options;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// Runs the dispatcher at start (catching up on whatever fell due while the service was down, once)
/// and then every <see cref="SchedulerOptions.Interval"/>, on the service's <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReminderScheduler(ReminderDispatcher dispatcher, TimeProvider time, IOptions<SchedulerOptions> options,
    ILogger<ReminderScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Reminder scheduler disabled on this instance");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down; nothing was claimed for good, so the next round tries again.
                logger.LogError(ex, "Reminder round failed; retrying next round");
            }
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
