using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Tests;

/// <summary>
/// A host of its own whose fake clock never moves: the scheduler's first round runs at start with nothing due,
/// then only a wake-up can start another.
/// </summary>
public sealed class SchedulerWakeTests(SchedulingHost host) : IClassFixture<SchedulingHost>
{
    [Fact]
    public async Task A_reminder_committed_already_due_wakes_the_scheduler_without_waiting_for_a_tick()
    {
        var code = Events.NewAgencyCode();
        var staff = Events.Staff(code);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));

        // Due at the end of today: its due-day reminder (08:00, the host's start instant) is due as it is planned.
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today), "Báo cáo mở trong ngày hạn");
        await host.PublishAsync(opened);
        var mails = await Eventually.Until(() => host.Mail.MailsToAsync(staff.Email!), m => m.Count > 0, TimeSpan.FromSeconds(30),
            "the due-day reminder reaches maildev while the clock stands still");

        Assert.Contains("Báo cáo mở trong ngày hạn", Assert.Single(mails).Subject);
        var now = host.Clock.GetUtcNow();
        var due = await host.QueryAsync(db => db.Reminders
            .Where(r => r.ObligationId == opened.ObligationId && r.SendAt <= now).Select(r => r.Status).ToListAsync());
        Assert.NotEmpty(due);
        Assert.All(due, status => Assert.Equal(ReminderStatus.Sent, status));
    }
}
