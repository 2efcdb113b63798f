namespace DxTrack.Notifications.Tests.Support;

/// <summary>The service with its scheduler loop running on the fake clock.</summary>
public sealed class SchedulingHost : NotificationsHost
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Notifications:Scheduler:Enabled"] = "true";
        settings["Notifications:Scheduler:Interval"] = "00:00:15";
    }
}
