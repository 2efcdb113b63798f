using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Tests;

/// <summary>E-mail through a real mail server (maildev) that goes down, comes back, or outlives a stopped round.</summary>
public sealed class EmailDeliveryTests(RelayedMailHost host) : IClassFixture<RelayedMailHost>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>An agency whose "1 day before" reminders (e-mail and SMS) are due at once: due tomorrow, opened after 08:00.</summary>
    async Task<(string Code, AgencyContact[] Staff)> RemindersDueNowAsync(int staffCount)
    {
        // Whatever else is due by now goes first, so the rounds that follow hold only this agency's reminders.
        await host.DispatchAsync();
        var code = Events.NewAgencyCode();
        var staff = Enumerable.Range(1, staffCount).Select(n => Events.Staff(code, n)).ToArray();
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(1)));
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        return (code, staff);
    }

    Task<List<Reminder>> EmailsOfAsync(string code) => host.QueryAsync(db => db.Reminders.AsNoTracking()
        .Where(r => r.AgencyCode == code && r.Channel == ReminderChannel.Email && r.Step == "before-1d").ToListAsync());

    [Fact]
    public async Task A_round_stopped_after_its_first_message_sends_the_others_next_round_and_never_that_one_again()
    {
        host.AdvanceTo(DayOfWeek.Tuesday, new TimeOnly(9, 0));
        var (code, staff) = await RemindersDueNowAsync(staffCount: 3);

        // The service is stopped just after the mail server took the first message.
        using var stop = new CancellationTokenSource();
        var addresses = staff.Select(c => c.Email!).ToHashSet();
        host.Sender.AfterSend = m =>
        {
            if (addresses.Contains(m.To)) stop.Cancel();
        };
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Dispatcher.DispatchDueAsync(stop.Token));
        }
        finally
        {
            host.Sender.AfterSend = null;
        }
        Assert.Single(await EmailsOfAsync(code), r => r.Status == ReminderStatus.Sent);

        await host.DispatchAsync();

        var mails = await host.Mail.MailsAsync();
        foreach (var contact in staff) Assert.Single(mails, m => m.Recipients.Contains(contact.Email!));
        Assert.All(await EmailsOfAsync(code), r => Assert.Equal((ReminderStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task An_email_is_retried_with_back_off_while_the_mail_server_is_down_and_marked_failed_after_the_last_attempt()
    {
        host.AdvanceTo(DayOfWeek.Wednesday, new TimeOnly(9, 0));
        var (code, staff) = await RemindersDueNowAsync(staffCount: 1);
        host.Relay.Refusing = true;
        try
        {
            await host.DispatchAsync();
            var first = Assert.Single(await EmailsOfAsync(code));
            Assert.Equal((ReminderStatus.Pending, 1, host.Clock.GetUtcNow().AddMinutes(1)), (first.Status, first.Attempts, first.NextAttemptAt));
            Assert.NotNull(first.LastError);

            host.Clock.Advance(TimeSpan.FromSeconds(59));
            Assert.Equal(0, await host.DispatchAsync()); // not before its back-off has passed
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await host.DispatchAsync();
            var second = Assert.Single(await EmailsOfAsync(code));
            Assert.Equal((ReminderStatus.Pending, 2, host.Clock.GetUtcNow().AddMinutes(2)), (second.Status, second.Attempts, second.NextAttemptAt));

            host.Clock.Advance(TimeSpan.FromMinutes(2));
            await host.DispatchAsync();
        }
        finally
        {
            host.Relay.Refusing = false;
        }

        var failed = Assert.Single(await EmailsOfAsync(code));
        Assert.Equal((ReminderStatus.Failed, 3), (failed.Status, failed.Attempts));
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.DispatchAsync();
        Assert.Empty(await host.Mail.MailsToAsync(staff[0].Email!));
        var page = await host.Client(DxRoles.Secretariat).GetFromJsonAsync<ReminderPage>(
            $"/api/notifications/deliveries?agency={code}&status=Failed&channel=Email", Json, TestContext.Current.CancellationToken);
        var shown = Assert.Single(page!.Items);
        Assert.Equal((3, staff[0].Email), (shown.Attempts, shown.Recipient));
        Assert.NotNull(shown.LastError);
    }

    [Fact]
    public async Task An_email_that_failed_while_the_mail_server_was_down_goes_once_when_it_is_back()
    {
        host.AdvanceTo(DayOfWeek.Thursday, new TimeOnly(9, 0));
        var (code, staff) = await RemindersDueNowAsync(staffCount: 2);

        host.Relay.Refusing = true;
        try
        {
            await host.DispatchAsync();
        }
        finally
        {
            host.Relay.Refusing = false;
        }
        Assert.All(await EmailsOfAsync(code), r => Assert.Equal((ReminderStatus.Pending, 1), (r.Status, r.Attempts)));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.DispatchAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await host.DispatchAsync();

        Assert.All(await EmailsOfAsync(code), r => Assert.Equal((ReminderStatus.Sent, 2), (r.Status, r.Attempts)));
        foreach (var contact in staff) Assert.Single(await host.Mail.MailsToAsync(contact.Email!));
    }
}
