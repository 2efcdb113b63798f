using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>The service with its scheduler loop running on the fake clock.</summary>
public sealed class SchedulingHost : NotificationsHost
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Notifications:Scheduler:Enabled"] = "true";
        settings["Notifications:Scheduler:Interval"] = "00:00:15";
    }

    /// <summary>A new agency with one staff member, known to the service; returns the staff member's address.</summary>
    public async Task<string> NewAgencyAsync(string code)
    {
        var staff = Events.Staff(code);
        await PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        return staff.Email!;
    }
}
