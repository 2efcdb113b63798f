using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Notifications.Tests;

/// <summary>The public holidays in configuration (30 April and 1 May 2027) as the scheduler meets them.</summary>
public sealed class HolidayDispatchTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task An_sms_found_due_on_a_configured_holiday_waits_for_the_next_working_morning_while_its_email_goes()
    {
        host.AdvanceTo(new DateOnly(2027, 4, 26), new TimeOnly(9, 0));
        var code = Events.NewAgencyCode();
        var staff = Events.Staff(code);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        // Due Wednesday 28 April: "1 day overdue" (e-mail and SMS) is Thursday 29 April at 08:00, a working day.
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(new DateOnly(2027, 4, 28)));
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        var sms = host.Factory.Services.GetRequiredService<RecordingSmsProvider>();

        // The scheduler next runs on Friday 30 April, a holiday (Saturday 1 May too).
        host.AdvanceTo(new DateOnly(2027, 4, 30), new TimeOnly(9, 0));
        await host.DispatchAsync();

        var rows = await host.QueryAsync(db => db.RemindersOf(opened.ObligationId).Where(r => r.Step == "overdue-1d").ToListAsync());
        Assert.Equal(ReminderStatus.Sent, rows.Single(r => r.Channel == ReminderChannel.Email).Status);
        var waiting = rows.Single(r => r.Channel == ReminderChannel.Sms);
        Assert.Equal((ReminderStatus.Pending, 0, NotificationsHost.Local(new DateOnly(2027, 5, 3), new TimeOnly(7, 0))),
            (waiting.Status, waiting.Attempts, waiting.NextAttemptAt));
        Assert.DoesNotContain(sms.Messages, m => m.Phone == staff.Phone);

        host.AdvanceTo(new DateOnly(2027, 5, 3), new TimeOnly(7, 0));
        await host.DispatchAsync();

        // One text for the waiting step and the "3 days overdue" one that fell on the holiday weekend.
        var text = Assert.Single(sms.Messages, m => m.Phone == staff.Phone).Text;
        Assert.Contains("qua han 5 ngay", text);
        var sent = await host.QueryAsync(db => db.RemindersOf(opened.ObligationId)
            .Where(r => r.Channel == ReminderChannel.Sms && r.Status == ReminderStatus.Sent).ToListAsync());
        Assert.Equal(["overdue-1d", "overdue-3d"], sent.Select(r => r.Step).Order());
    }
}
