using Microsoft.Extensions.Options;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// Runs the dispatcher at start (catching up on whatever fell due while the service was down, once), then
/// whenever a due reminder is committed (<see cref="ReminderSignal"/>) and at least every
/// <see cref="SchedulerOptions.Interval"/> on the service's <see cref="TimeProvider"/>. A round that settled
/// anything is followed by another at once: reminders may have fallen due, or been planned for agencies the
/// round had already passed, while it ran.
/// </summary>
public sealed class ReminderScheduler(ReminderDispatcher dispatcher, ReminderSignal signal, TimeProvider time,
    IOptions<SchedulerOptions> options, ILogger<ReminderScheduler> logger) : BackgroundService
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
            var settled = 0;
            try
            {
                settled = await dispatcher.DispatchDueAsync(stoppingToken);
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
            if (settled > 0) continue;
            try
            {
                await signal.WaitAsync(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
