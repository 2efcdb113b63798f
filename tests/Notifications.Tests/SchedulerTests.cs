using System.Diagnostics;
using System.Globalization;
using DxTrack.Contracts;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DxTrack.Notifications.Tests;

/// <summary>The scheduler against real PostgreSQL, RabbitMQ and SMTP, on fake time driven by each test.</summary>
public sealed class SchedulerTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    RecordingSmsProvider Sms => host.Factory.Services.GetRequiredService<RecordingSmsProvider>();

    async Task<string> AgencyAsync(params AgencyContact[] contacts)
    {
        var code = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(code, 1, contacts), db => db.Agencies.AnyAsync(a => a.Code == code));
        return code;
    }

    async Task<ObligationOpened> OpenAsync(string code, DateOnly dueDay, string subjectCode = "NV-01", string title = "Báo cáo tiến độ")
    {
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(dueDay), title, subjectCode);
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        return opened;
    }

    /// <summary>An agency with one contact and one obligation due tomorrow, at 08:00 on a Monday: its "1 day before" e-mail and SMS are due.</summary>
    async Task<(AgencyContact Staff, string Code)> OneReminderDueNowAsync(string label)
    {
        host.AdvanceTo(DayOfWeek.Monday, new TimeOnly(7, 0));
        var staff = Events.Staff(label);
        var code = await AgencyAsync(staff);
        await OpenAsync(code, host.Today.AddDays(1));
        host.AdvanceTo(host.Today, new TimeOnly(8, 0));
        return (staff, code);
    }

    Task<List<Reminder>> RemindersAsync(string code) =>
        host.QueryAsync(db => db.Reminders.AsNoTracking().Where(r => r.AgencyCode == code).ToListAsync());

    [Fact]
    public async Task Three_obligations_of_one_agency_due_the_same_hour_reach_a_recipient_as_one_message_listing_all_three()
    {
        host.AdvanceTo(DayOfWeek.Monday, new TimeOnly(7, 0));
        var staff = Events.Staff("digest");
        var code = await AgencyAsync(staff);
        var tuesday = host.Today.AddDays(1);
        foreach (var n in new[] { 1, 2, 3 }) await OpenAsync(code, tuesday, $"CQS-0{n}", $"Chỉ tiêu số {n}");

        // The passed "3 days before" step is not sent: the "1 day before" one comes at 08:00 today.
        await host.DispatchAsync();
        Assert.Empty(await host.Mail.MailsToAsync(staff.Email!));

        host.AdvanceTo(host.Today, new TimeOnly(8, 0));
        await host.DispatchAsync();

        var digest = Assert.Single(await host.Mail.MailsToAsync(staff.Email!));
        Assert.Contains("còn 1 ngày", digest.Text);
        Assert.Contains("Nhắc hạn báo cáo (3)", digest.Subject);
        foreach (var n in new[] { 1, 2, 3 }) Assert.Contains($"Chỉ tiêu số {n}", digest.Text);
        var sms = Sms.Messages.Where(m => m.Phone == staff.Phone).ToList();
        var text = Assert.Single(sms).Text;
        foreach (var n in new[] { 1, 2, 3 }) Assert.Contains($"CQS-0{n}", text);

        var sent = (await RemindersAsync(code)).Where(r => r.Step == "before-1d").ToList();
        Assert.Equal(6, sent.Count);
        Assert.All(sent, r => Assert.Equal(ReminderStatus.Sent, r.Status));
        Assert.Equal(2, sent.Select(r => r.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task An_agency_another_instance_is_serving_is_skipped_and_served_by_the_next_round()
    {
        var (staff, code) = await OneReminderDueNowAsync("claimed");

        // Another instance's claim: the same session lock its dispatcher takes, held on a connection of its own.
        await using var other = new NpgsqlConnection(host.Database.ConnectionString);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        async Task<bool> Other(string function)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {function}(hashtext('notifications-dispatch'), hashtext(@code))", other);
            command.Parameters.AddWithValue("code", code);
            return (bool)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }
        Assert.True(await Other("pg_try_advisory_lock"));

        await host.DispatchAsync();
        Assert.Empty(await host.Mail.MailsToAsync(staff.Email!));
        Assert.DoesNotContain(Sms.Messages, m => m.Phone == staff.Phone);
        Assert.All((await RemindersAsync(code)).Where(r => r.Step == "before-1d"),
            r => Assert.Equal((ReminderStatus.Pending, 0), (r.Status, r.Attempts)));

        Assert.True(await Other("pg_advisory_unlock"));
        await host.DispatchAsync();
        Assert.Single(await host.Mail.MailsToAsync(staff.Email!));
        Assert.Single(Sms.Messages, m => m.Phone == staff.Phone);
    }

    [Fact]
    public async Task An_agencys_digest_is_one_trace_holding_its_database_calls()
    {
        var (_, code) = await OneReminderDueNowAsync("traced");

        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "DxTrack.Notifications" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await host.DispatchAsync();

        var digest = Assert.Single(stopped, a => a.OperationName == "reminder digest" && (string?)a.GetTagItem("dxtrack.agency_code") == code);
        Assert.Equal(2, digest.GetTagItem("dxtrack.reminders_settled"));
        var calls = stopped.Where(a => a.Source.Name == "Npgsql" && a.TraceId == digest.TraceId).ToList();
        // The claim, then per recipient (e-mail, SMS) its locked rows, their outcome and the commit, then the release.
        Assert.True(calls.Count >= 4, $"{calls.Count} database calls in the digest's trace");
        Assert.All(calls, c => Assert.Equal(digest.SpanId, c.ParentSpanId));
    }

    [Fact]
    public async Task A_round_with_many_agencies_due_at_once_sends_each_digest_exactly_once()
    {
        host.AdvanceTo(DayOfWeek.Thursday, new TimeOnly(9, 0));
        var codes = Enumerable.Range(0, 40).Select(_ => Events.NewAgencyCode()).ToList();
        var staff = codes.ToDictionary(code => code, code => Events.Staff(code));
        await Task.WhenAll(codes.Select(code => host.PublishAsync(Events.Agency(code, 1, staff[code]))));
        await Eventually.Until(() => host.QueryAsync(db => db.Agencies.CountAsync(a => codes.Contains(a.Code))), n => n == codes.Count);
        // Two obligations each, due tomorrow and opened after 08:00: every "1 day before" reminder is due now.
        var obligations = codes.SelectMany(code => new[] { 1, 2 }.Select(n =>
            Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(1)), $"Chỉ tiêu {n}", $"CT-{n}"))).ToList();
        await Task.WhenAll(obligations.Select(o => host.PublishAsync(o)));
        await Eventually.Until(() => host.QueryAsync(db => db.Obligations.CountAsync(o => codes.Contains(o.AgencyCode))),
            n => n == obligations.Count);

        await host.DispatchAsync();

        var mails = await host.Mail.MailsAsync();
        foreach (var code in codes)
        {
            var digest = Assert.Single(mails, m => m.Recipients.Contains(staff[code].Email!));
            Assert.Contains("(2)", digest.Subject);
            Assert.Single(Sms.Messages, m => m.Phone == staff[code].Phone);
        }
        var messages = await host.QueryAsync(db => db.SentMessages.AsNoTracking().Where(m => codes.Contains(m.AgencyCode)).ToListAsync());
        Assert.Equal(codes.Count * 2, messages.Count);
        Assert.All(messages, m => Assert.Equal(2, m.ReminderCount));
    }

    [Fact]
    public async Task After_downtime_each_due_reminder_goes_once_and_stale_before_due_ones_are_skipped()
    {
        host.AdvanceTo(DayOfWeek.Monday, new TimeOnly(9, 0));
        var staff = Events.Staff("catchup");
        var head = Events.Head("catchup");
        var code = await AgencyAsync(staff, head);
        var monday = host.Today;
        await OpenAsync(code, monday.AddDays(10));

        // Down from Monday 09:00 until Saturday 10:00 of the following week, past the deadline (Thursday).
        host.AdvanceTo(monday.AddDays(12), new TimeOnly(10, 0));
        await host.DispatchAsync();
        var again = await host.DispatchAsync();

        var rows = await RemindersAsync(code);
        Assert.Equal(0, again);
        Assert.All(rows.Where(r => r.ParsedStep.CountsDown), r => Assert.Equal(ReminderStatus.Skipped, r.Status));
        Assert.Equal(ReminderStatus.Sent, rows.Single(r => r.Step == "overdue-1d" && r.Channel == ReminderChannel.Email).Status);
        // Saturday: the overdue SMS waits for Monday morning.
        Assert.Equal(ReminderStatus.Pending, rows.Single(r => r.Step == "overdue-1d" && r.Channel == ReminderChannel.Sms).Status);
        Assert.Single(await host.Mail.MailsToAsync(staff.Email!));

        host.AdvanceTo(monday.AddDays(14), new TimeOnly(8, 0));
        await host.DispatchAsync();
        await host.DispatchAsync();

        rows = await RemindersAsync(code);
        var due = rows.Where(r => r.Step is "overdue-1d" or "overdue-3d").ToList();
        Assert.All(due, r => Assert.Equal((ReminderStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.Equal(2, (await host.Mail.MailsToAsync(staff.Email!)).Count);
        Assert.Single(await host.Mail.MailsToAsync(head.Email!));
        Assert.Contains(await host.Mail.MailsToAsync(NotificationsHost.SecretariatEmail), m => m.Text!.Contains(code));
        Assert.Single(Sms.Messages, m => m.Phone == staff.Phone);
        Assert.Single(Sms.Messages, m => m.Phone == head.Phone);
        Assert.All(rows.Where(r => r.Step == "overdue-7d"), r => Assert.Equal(ReminderStatus.Pending, r.Status));
    }

    [Fact]
    public async Task A_returned_report_tells_the_agency_why_and_its_reminders_resume()
    {
        host.AdvanceTo(DayOfWeek.Tuesday, new TimeOnly(9, 0));
        var staff = Events.Staff("returned");
        var code = await AgencyAsync(staff);
        var opened = await OpenAsync(code, host.Today.AddDays(6));
        await host.PublishAndWaitAsync(Events.Received(opened), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Fulfilled));
        Assert.DoesNotContain(await RemindersAsync(code), r => r.Status == ReminderStatus.Pending);

        await host.PublishAndWaitAsync(
            new SubmissionReturned(Guid.NewGuid(), opened.ObligationId, code, 1, "wrong-figure", "Tử số lớn hơn mẫu số", null, DateTimeOffset.UtcNow),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Open));
        await host.DispatchAsync();

        var mail = Assert.Single(await host.Mail.MailsToAsync(staff.Email!));
        Assert.StartsWith("Báo cáo bị trả lại", mail.Subject);
        Assert.Contains("wrong-figure: Tử số lớn hơn mẫu số", mail.Text);
        var pending = (await RemindersAsync(code)).Where(r => r.Status == ReminderStatus.Pending).Select(r => r.Step).ToHashSet();
        Assert.Superset(new HashSet<string> { "before-1d", "due-day", "overdue-1d" }, pending);
    }

    [Fact]
    public async Task A_report_returned_with_a_fix_date_is_reminded_against_that_date_not_the_original_due_date()
    {
        host.AdvanceTo(DayOfWeek.Monday, new TimeOnly(9, 0));
        var monday = host.Today;
        var staff = Events.Staff("fixby");
        var code = await AgencyAsync(staff);
        var opened = await OpenAsync(code, monday.AddDays(2));
        await host.PublishAndWaitAsync(Events.Received(opened), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Fulfilled));
        var fixDay = monday.AddDays(10);
        var fixBy = NotificationsHost.EndOfDay(fixDay);

        await host.PublishAndWaitAsync(
            new SubmissionReturned(Guid.NewGuid(), opened.ObligationId, code, 1, "missing-evidence", "Thiếu minh chứng", fixBy, host.Clock.GetUtcNow()),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Open && o.FixBy == fixBy));
        await host.DispatchAsync();
        Assert.StartsWith("Báo cáo bị trả lại", Assert.Single(await host.Mail.MailsToAsync(staff.Email!)).Subject);

        // The original due day passes without a due-day reminder…
        host.AdvanceTo(monday.AddDays(2), new TimeOnly(9, 0));
        await host.DispatchAsync();
        Assert.Single(await host.Mail.MailsToAsync(staff.Email!));

        // …and "7 days before" comes 7 days before the fix date, saying so.
        host.AdvanceTo(fixDay.AddDays(-7), new TimeOnly(8, 0));
        await host.DispatchAsync();
        var reminder = (await host.Mail.MailsToAsync(staff.Email!)).Single(m => m.Subject.StartsWith("Nhắc hạn báo cáo"));
        Assert.Contains($"Hạn nộp: {fixDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", reminder.Text);
        Assert.Contains("còn 7 ngày", reminder.Text);
        var pending = (await RemindersAsync(code)).Where(r => r.Status == ReminderStatus.Pending && r.Channel == ReminderChannel.Email).ToList();
        Assert.Equal(NotificationsHost.Local(fixDay, new TimeOnly(8, 0)), pending.Single(r => r.Step == "due-day").SendAt);
    }

    [Fact]
    public async Task A_rescheduled_reminder_goes_at_its_new_instant_and_not_at_the_old_one()
    {
        host.AdvanceTo(DayOfWeek.Monday, new TimeOnly(9, 0));
        var monday = host.Today;
        var staff = Events.Staff("moved");
        var code = await AgencyAsync(staff);
        var opened = await OpenAsync(code, monday.AddDays(10));
        var newDue = NotificationsHost.EndOfDay(monday.AddDays(17));
        await host.PublishAndWaitAsync(new ObligationRescheduled(opened.ObligationId, code, opened.DueAt, newDue, host.Clock.GetUtcNow()),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.DueAt == newDue));

        // The old "7 days before" instant passes without a message…
        host.AdvanceTo(monday.AddDays(3), new TimeOnly(8, 0));
        await host.DispatchAsync();
        Assert.Empty(await host.Mail.MailsToAsync(staff.Email!));

        // …the new one brings it, with the new due date.
        host.AdvanceTo(monday.AddDays(10), new TimeOnly(8, 0));
        await host.DispatchAsync();
        var mail = Assert.Single(await host.Mail.MailsToAsync(staff.Email!));
        Assert.Contains($"Hạn nộp: {monday.AddDays(17).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", mail.Text);
        Assert.Contains("còn 7 ngày", mail.Text);
    }

    [Fact]
    public async Task A_contact_change_re_addresses_the_pending_reminders_to_the_new_contact()
    {
        host.AdvanceTo(DayOfWeek.Tuesday, new TimeOnly(9, 0));
        var tuesday = host.Today;
        var code = Events.NewAgencyCode();
        var leaving = Events.Staff(code, 1);
        var arriving = Events.Staff(code, 2);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, leaving), db => db.Agencies.AnyAsync(a => a.Code == code));
        await OpenAsync(code, tuesday.AddDays(10));

        await host.PublishAndWaitAsync(Events.Agency(code, 2, arriving), db => db.Agencies.AnyAsync(a => a.Code == code && a.Version == 2));

        var rows = await RemindersAsync(code);
        Assert.All(rows.Where(r => r.Recipient == leaving.Email || r.Recipient == leaving.Phone),
            r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        Assert.Contains(rows, r => r.Recipient == arriving.Email && r.Status == ReminderStatus.Pending && r.Step == "before-7d");
        Assert.Contains(rows, r => r.Recipient == arriving.Phone && r.Status == ReminderStatus.Pending && r.Step == "before-1d");

        host.AdvanceTo(tuesday.AddDays(3), new TimeOnly(8, 0));
        await host.DispatchAsync();
        Assert.Empty(await host.Mail.MailsToAsync(leaving.Email!));
        Assert.Contains("Kính gửi " + arriving.Name, Assert.Single(await host.Mail.MailsToAsync(arriving.Email!)).Text);
    }

    [Fact]
    public async Task A_reminder_for_a_fulfilled_obligation_is_never_sent()
    {
        host.AdvanceTo(DayOfWeek.Wednesday, new TimeOnly(9, 0));
        var staff = Events.Staff("fulfilled");
        var code = await AgencyAsync(staff);
        var opened = await OpenAsync(code, host.Today.AddDays(1));
        await host.PublishAndWaitAsync(Events.Received(opened), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Fulfilled));

        host.AdvanceTo(host.Today.AddDays(3), new TimeOnly(9, 0));
        await host.DispatchAsync();

        Assert.Empty(await host.Mail.MailsToAsync(staff.Email!));
        Assert.All(await RemindersAsync(code), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
    }
}
