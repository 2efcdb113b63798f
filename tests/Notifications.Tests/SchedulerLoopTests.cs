using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Tests;

public sealed class SchedulerLoopTests(SchedulingHost host) : IClassFixture<SchedulingHost>
{
    [Fact]
    public async Task The_running_scheduler_sends_a_due_day_reminder_on_its_next_tick()
    {
        host.AdvanceTo(DayOfWeek.Thursday, new TimeOnly(10, 0));
        var code = Events.NewAgencyCode();
        var email = await host.NewAgencyAsync(code);
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today), "Báo cáo hạn hôm nay");
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));

        var mails = await Eventually.Until(async () =>
        {
            host.Clock.Advance(TimeSpan.FromSeconds(15));
            return await host.Mail.MailsToAsync(email);
        }, m => m.Count > 0, TimeSpan.FromSeconds(30), "the due-day reminder reaches maildev");

        var mail = Assert.Single(mails);
        Assert.Contains("Báo cáo hạn hôm nay", mail.Subject);
        Assert.Contains("hạn cuối hôm nay", mail.Text);
    }

    // The fake clock does not move in this test: the scheduler's next tick never comes, only a wake-up can start a round.
    [Fact]
    public async Task A_reminder_committed_already_due_wakes_the_scheduler_without_waiting_for_a_tick()
    {
        var code = Events.NewAgencyCode();
        var email = await host.NewAgencyAsync(code);

        // Due at the end of today: its due-day reminder (08:00 today) is due as it is planned.
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today), "Báo cáo mở trong ngày hạn");
        await host.PublishAsync(opened);
        var mails = await Eventually.Until(() => host.Mail.MailsToAsync(email), m => m.Count > 0, TimeSpan.FromSeconds(30),
            "the due-day reminder reaches maildev while the clock stands still");

        Assert.Contains("Báo cáo mở trong ngày hạn", Assert.Single(mails).Subject);
        var now = host.Clock.GetUtcNow();
        var due = await host.QueryAsync(db => db.Reminders
            .Where(r => r.ObligationId == opened.ObligationId && r.SendAt <= now).Select(r => r.Status).ToListAsync());
        Assert.NotEmpty(due);
        Assert.All(due, status => Assert.Equal(ReminderStatus.Sent, status));
    }
}
