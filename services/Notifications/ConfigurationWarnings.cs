using Microsoft.Extensions.Options;

namespace DxTrack.Notifications;

/// <summary>Tells operators at start what the configuration leaves out that changes who is reminded.</summary>
public sealed class ConfigurationWarnings(IOptions<NotificationsOptions> options, ILogger<ConfigurationWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SecretariatEmail))
            logger.LogWarning("Notifications:SecretariatEmail is not set: escalated overdue reminders reach the agencies' contacts only, not the secretariat");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
