using DxTrack.Contracts;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Notifications.Tests;

public sealed class ScaledOutSchedulerTests(ScaledOutHost host) : IClassFixture<ScaledOutHost>
{
    [Fact]
    public async Task Two_instances_on_one_database_never_send_the_same_reminder()
    {
        host.AdvanceTo(DayOfWeek.Tuesday, new TimeOnly(9, 0));
        var codes = new List<string>();
        var contacts = new List<AgencyContact>();
        for (var a = 0; a < 8; a++)
        {
            var code = Events.NewAgencyCode();
            AgencyContact[] staff = [Events.Staff(code, 1), Events.Staff(code, 2)];
            codes.Add(code);
            contacts.AddRange(staff);
            await host.PublishAsync(Events.Agency(code, 1, staff));
        }
        await Eventually.Until(() => host.QueryAsync(db => db.Agencies.CountAsync(a => codes.Contains(a.Code))), n => n == codes.Count);
        // Due tomorrow, opened after 08:00: each "1 day before" reminder is due now, by e-mail and SMS.
        var obligations = codes.SelectMany(code => Enumerable.Range(1, 3)
            .Select(n => Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(1)), $"Chỉ tiêu {n}", $"CT-{n}"))).ToList();
        foreach (var o in obligations) await host.PublishAsync(o);
        await Eventually.Until(() => host.QueryAsync(db => db.Obligations.CountAsync(o => codes.Contains(o.AgencyCode))),
            n => n == obligations.Count);

        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(
            Task.Run(() => host.FirstDispatcher.DispatchDueAsync(ct), ct),
            Task.Run(() => host.SecondDispatcher.DispatchDueAsync(ct), ct),
            Task.Run(() => host.FirstDispatcher.DispatchDueAsync(ct), ct),
            Task.Run(() => host.SecondDispatcher.DispatchDueAsync(ct), ct));
        await host.DispatchAsync();

        var due = await host.QueryAsync(db => db.Reminders.AsNoTracking()
            .Where(r => codes.Contains(r.AgencyCode) && r.Step == "before-1d").ToListAsync());
        Assert.Equal(obligations.Count * 2 * 2, due.Count);
        Assert.All(due, r => Assert.Equal((ReminderStatus.Sent, 1), (r.Status, r.Attempts)));

        var messages = await host.QueryAsync(db => db.SentMessages.AsNoTracking().Where(m => codes.Contains(m.AgencyCode)).ToListAsync());
        Assert.Equal(due.Count, messages.Sum(m => m.ReminderCount));
        var emails = contacts.Select(c => c.Email!).ToHashSet();
        var mailed = (await host.Mail.MailsAsync()).Count(m => m.Recipients.Any(emails.Contains));
        Assert.Equal(messages.Count(m => m.Channel == ReminderChannel.Email), mailed);
        var phones = contacts.Select(c => c.Phone!).ToHashSet();
        var texted = new[] { host.Factory, host.Second }
            .Sum(f => f.Services.GetRequiredService<RecordingSmsProvider>().Messages.Count(m => phones.Contains(m.Phone)));
        Assert.Equal(messages.Count(m => m.Channel == ReminderChannel.Sms), texted);
        // Each recipient heard about each obligation once per channel, all three in one message per channel.
        foreach (var contact in contacts)
        {
            Assert.Equal(3, due.Count(r => r.Recipient == contact.Email));
            Assert.Equal(3, Assert.Single(messages, m => m.Channel == ReminderChannel.Email && m.Recipient == contact.Email).ReminderCount);
            Assert.Equal(3, Assert.Single(messages, m => m.Channel == ReminderChannel.Sms && m.Recipient == contact.Phone).ReminderCount);
        }
    }

    [Fact]
    public async Task A_recipient_with_more_due_reminders_than_a_page_gets_them_in_one_message_per_channel_from_two_instances()
    {
        host.AdvanceTo(DayOfWeek.Wednesday, new TimeOnly(9, 0));
        var code = Events.NewAgencyCode();
        var staff = Events.Staff(code);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        // Ten obligations due tomorrow: ten "1 day before" reminders per channel, more than a page (BatchSize 4) holds.
        var obligations = Enumerable.Range(1, 10)
            .Select(n => Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(1)), $"Chỉ tiêu số {n}", $"CT-{n:D2}")).ToList();
        foreach (var o in obligations) await host.PublishAsync(o);
        await Eventually.Until(() => host.QueryAsync(db => db.Obligations.CountAsync(o => o.AgencyCode == code)), n => n == obligations.Count);

        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(
            Task.Run(() => host.FirstDispatcher.DispatchDueAsync(ct), ct),
            Task.Run(() => host.SecondDispatcher.DispatchDueAsync(ct), ct));
        await host.DispatchAsync();

        var mail = Assert.Single(await host.Mail.MailsToAsync(staff.Email!));
        Assert.Contains("(10)", mail.Subject);
        foreach (var o in obligations) Assert.Contains(o.Title, mail.Text);
        var texts = new[] { host.Factory, host.Second }
            .SelectMany(f => f.Services.GetRequiredService<RecordingSmsProvider>().Messages.Where(m => m.Phone == staff.Phone)).ToList();
        Assert.Single(texts);
        var rows = await host.QueryAsync(db => db.Reminders.AsNoTracking().Where(r => r.AgencyCode == code && r.Step == "before-1d").ToListAsync());
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Equal((ReminderStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.Equal(2, rows.Select(r => r.MessageId).Distinct().Count());
    }
}
