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
        var staff = Events.Staff(code);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today), "Báo cáo hạn hôm nay");
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));

        var mails = await Eventually.Until(async () =>
        {
            host.Clock.Advance(TimeSpan.FromSeconds(15));
            return await host.Mail.MailsToAsync(staff.Email!);
        }, m => m.Count > 0, TimeSpan.FromSeconds(30), "the due-day reminder reaches maildev");

        var mail = Assert.Single(mails);
        Assert.Contains("Báo cáo hạn hôm nay", mail.Subject);
        Assert.Contains("hạn cuối hôm nay", mail.Text);
    }
}
