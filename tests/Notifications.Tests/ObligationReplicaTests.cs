using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Tests;

public sealed class ObligationReplicaTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    async Task<(string Agency, ObligationOpened Obligation)> OpenAsync(int dueInDays = 10)
    {
        var code = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(code), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(dueInDays)));
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        return (code, opened);
    }

    async Task<ObligationView> GetAsync(Guid id, string role = DxRoles.Secretariat, string? agency = null)
    {
        var response = await host.Client(role, agency).GetAsync($"/api/notifications/obligations/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ObligationView>(Json, TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task An_agency_and_its_first_obligation_arriving_together_still_get_their_reminders()
    {
        // The two events come from different aggregates, so they may be consumed at the same moment.
        var pairs = Enumerable.Range(0, 30).Select(_ =>
        {
            var code = Events.NewAgencyCode();
            return (Agency: Events.Agency(code, 1, Events.Staff(code)),
                Obligation: Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(10))));
        }).ToList();
        await Task.WhenAll(pairs.SelectMany(p => new[] { host.PublishAsync(p.Agency), host.PublishAsync(p.Obligation) }));

        foreach (var (agency, obligation) in pairs)
        {
            await Eventually.Until(() => host.QueryAsync(db => db.Obligations.AnyAsync(o => o.Id == obligation.ObligationId)),
                because: "the obligation should be replicated");
            var planned = await Eventually.Until(() => host.QueryAsync(db => db.RemindersOf(obligation.ObligationId).CountAsync()),
                n => n > 0, because: $"{agency.AgencyCode}'s obligation should have reminders once both events are applied");
            Assert.True(planned > 0);
        }
    }

    [Fact]
    public async Task Obligations_opened_together_each_get_reminders_for_their_own_agencys_contacts_only()
    {
        // A plan's approval opens many obligations at once; they are applied in batches that mix agencies.
        var withHead = Events.NewAgencyCode();
        var staffOnly = Events.NewAgencyCode();
        var inactive = Events.NewAgencyCode();
        var unknown = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(withHead, 1, Events.Staff(withHead), Events.Head(withHead)),
            db => db.Agencies.AnyAsync(a => a.Code == withHead));
        await host.PublishAndWaitAsync(Events.Agency(staffOnly, 1, Events.Staff(staffOnly, 1), Events.Staff(staffOnly, 2)),
            db => db.Agencies.AnyAsync(a => a.Code == staffOnly));
        await host.PublishAndWaitAsync(Events.Agency(inactive) with { IsActive = false }, db => db.Agencies.AnyAsync(a => a.Code == inactive));

        var due = NotificationsHost.EndOfDay(host.Today.AddDays(10));
        var opened = Enumerable.Range(0, 40).Select(i => Events.Obligation(new[] { withHead, staffOnly, inactive, unknown }[i % 4], due,
            subjectCode: $"NV-{i:D2}")).ToList();
        await Task.WhenAll(opened.Select(o => host.PublishAsync(o)));
        var ids = opened.Select(o => o.ObligationId).ToList();
        await Eventually.Until(() => host.QueryAsync(db => db.Obligations.CountAsync(o => ids.Contains(o.Id))), n => n == 40,
            because: "every obligation should be replicated");

        var expected = new Dictionary<string, string[]>
        {
            // The secretariat is told of every overdue report; an agency unknown or inactive has no contacts of its own.
            [withHead] = [Events.Staff(withHead).Email!, Events.Head(withHead).Email!, NotificationsHost.SecretariatEmail],
            [staffOnly] = [Events.Staff(staffOnly, 1).Email!, Events.Staff(staffOnly, 2).Email!, NotificationsHost.SecretariatEmail],
            [inactive] = [NotificationsHost.SecretariatEmail],
            [unknown] = [NotificationsHost.SecretariatEmail],
        };
        foreach (var obligation in opened)
        {
            var emails = await host.QueryAsync(db => db.RemindersOf(obligation.ObligationId)
                .Where(r => r.Channel == ReminderChannel.Email).Select(r => r.Recipient).Distinct().ToListAsync());
            Assert.Equal(expected[obligation.AgencyCode].Order(), emails.Order());
            Assert.Equal(1, await host.QueryAsync(db => db.Obligations.CountAsync(o => o.Id == obligation.ObligationId)));
        }
        // And each its whole plan: the same reminders as every other obligation of its agency due the same day.
        foreach (var agency in opened.GroupBy(o => o.AgencyCode))
        {
            var counts = new List<int>();
            foreach (var obligation in agency)
                counts.Add(await host.QueryAsync(db => db.RemindersOf(obligation.ObligationId).CountAsync()));
            Assert.Single(counts.Distinct());
            Assert.True(counts[0] > 0, $"{agency.Key}'s obligations have no reminder");
        }
    }

    [Fact]
    public async Task An_opened_obligation_is_shown_open_with_every_reminder_the_policy_plans()
    {
        var (code, opened) = await OpenAsync(dueInDays: 10);

        var view = await GetAsync(opened.ObligationId);

        Assert.Equal(ObligationStatus.Open, view.Status);
        Assert.Equal(code, view.AgencyCode);
        Assert.Equal(opened.DueAt, view.DueAt);
        var emailSteps = view.PendingReminders.Where(r => r.Channel == ReminderChannel.Email && !r.Escalated)
            .Select(r => r.Step).Distinct().ToList();
        Assert.Equal(["before-7d", "before-3d", "before-1d", "due-day", "overdue-1d"], emailSteps);
        Assert.Contains(view.PendingReminders, r => r.Channel == ReminderChannel.Sms && r.Step == "before-1d");
        Assert.DoesNotContain(view.PendingReminders, r => r.Channel == ReminderChannel.Sms && r.Step == "before-7d");
    }

    [Fact]
    public async Task A_received_submission_fulfils_the_obligation_and_cancels_its_pending_reminders()
    {
        var (_, opened) = await OpenAsync();

        await host.PublishAndWaitAsync(Events.Received(opened), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Fulfilled));

        var view = await GetAsync(opened.ObligationId);
        Assert.Equal(ObligationStatus.Fulfilled, view.Status);
        Assert.Empty(view.PendingReminders);
        Assert.True(await host.QueryAsync(db => db.RemindersOf(opened.ObligationId).AllAsync(r => r.Status == ReminderStatus.Cancelled)));
    }

    [Fact]
    public async Task A_returned_correction_of_an_accepted_report_leaves_the_obligation_fulfilled_with_nothing_to_send()
    {
        var (code, opened) = await OpenAsync();
        await host.PublishAndWaitAsync(Events.Received(opened), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Fulfilled));
        // Revision 1 was accepted; revision 2, a correction, is returned. Revision 1 still counts.
        await host.PublishAndWaitAsync(Events.Received(opened, revision: 2), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.LastRevision == 2));

        await host.PublishAndWaitProcessedAsync(new SubmissionReturned(Guid.NewGuid(), opened.ObligationId, code, 2, "wrong-figure",
            "Số liệu chưa khớp", null, DateTimeOffset.UtcNow, AcceptedRevision: 1));

        var view = await GetAsync(opened.ObligationId);
        Assert.Equal(ObligationStatus.Fulfilled, view.Status);
        Assert.Empty(view.PendingReminders);

        // Without an accepted revision the same return reopens the obligation and tells the agency.
        await host.PublishAndWaitAsync(new SubmissionReturned(Guid.NewGuid(), opened.ObligationId, code, 3, "wrong-figure",
            "Số liệu chưa khớp", null, DateTimeOffset.UtcNow), db =>
            db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Open));
        Assert.Contains((await GetAsync(opened.ObligationId)).PendingReminders, r => r.Step.StartsWith("returned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_obligation_keeps_no_pending_reminder()
    {
        var (code, opened) = await OpenAsync();

        await host.PublishAndWaitAsync(new ObligationCancelled(opened.ObligationId, code, "Plan superseded", DateTimeOffset.UtcNow),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Cancelled));

        var view = await GetAsync(opened.ObligationId);
        Assert.Equal(ObligationStatus.Cancelled, view.Status);
        Assert.Empty(view.PendingReminders);
    }

    [Fact]
    public async Task A_stale_agency_version_changes_nothing()
    {
        var code = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(code, version: 5, Events.Staff(code, 1)),
            db => db.Agencies.AnyAsync(a => a.Code == code));
        await host.PublishAndWaitAsync(Events.Agency(code, version: 6, Events.Staff(code, 2)),
            db => db.Agencies.AnyAsync(a => a.Code == code && a.Version == 6));

        await host.PublishAndWaitProcessedAsync(Events.Agency(code, version: 4, Events.Staff(code, 3)));

        var emails = await host.QueryAsync(db => db.Agencies.Where(a => a.Code == code).SelectMany(a => a.Contacts)
            .Select(c => c.Email).ToListAsync());
        Assert.Equal([Events.Staff(code, 2).Email], emails);
    }

    [Fact]
    public async Task Rescheduling_moves_every_pending_reminder_to_the_new_due_day()
    {
        var (code, opened) = await OpenAsync(dueInDays: 10);
        var newDue = NotificationsHost.EndOfDay(host.Today.AddDays(20));

        await host.PublishAndWaitAsync(new ObligationRescheduled(opened.ObligationId, code, opened.DueAt, newDue, host.Clock.GetUtcNow()),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.DueAt == newDue));

        var view = await GetAsync(opened.ObligationId);
        var before7 = view.PendingReminders.First(r => r.Step == "before-7d" && r.Channel == ReminderChannel.Email);
        Assert.Equal(NotificationsHost.Local(host.Today.AddDays(13), new TimeOnly(8, 0)), before7.SendAt);
    }

    [Fact]
    public async Task A_reschedule_older_than_the_one_applied_changes_nothing()
    {
        var (code, opened) = await OpenAsync(dueInDays: 10);
        var decidedAt = host.Clock.GetUtcNow();
        var first = new ObligationRescheduled(opened.ObligationId, code, opened.DueAt, NotificationsHost.EndOfDay(host.Today.AddDays(15)),
            decidedAt);
        var second = new ObligationRescheduled(opened.ObligationId, code, first.DueAt, NotificationsHost.EndOfDay(host.Today.AddDays(20)),
            decidedAt.AddMinutes(5));

        // The later decision is consumed first; the earlier one arrives after it.
        await host.PublishAndWaitAsync(second, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.DueAt == second.DueAt));
        await host.PublishAndWaitProcessedAsync(first);

        var view = await GetAsync(opened.ObligationId);
        Assert.Equal(second.DueAt, view.DueAt);
        var before7 = view.PendingReminders.First(r => r.Step == "before-7d" && r.Channel == ReminderChannel.Email);
        Assert.Equal(NotificationsHost.Local(host.Today.AddDays(13), new TimeOnly(8, 0)), before7.SendAt);
    }

    [Fact]
    public async Task A_cancellation_that_overtakes_the_opening_leaves_the_obligation_cancelled_with_no_reminder()
    {
        var code = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(code), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(10)), "Báo cáo bị hủy trước khi mở");

        await host.PublishAndWaitAsync(new ObligationCancelled(opened.ObligationId, code, "Plan superseded", host.Clock.GetUtcNow()),
            db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId && o.Status == ObligationStatus.Cancelled));
        await host.PublishAndWaitProcessedAsync(opened);

        var view = await GetAsync(opened.ObligationId);
        Assert.Equal((ObligationStatus.Cancelled, opened.Title, opened.Period, opened.DueAt),
            (view.Status, view.Title, view.Period, view.DueAt));
        Assert.Equal(0, await host.QueryAsync(db => db.RemindersOf(opened.ObligationId).CountAsync()));
        Assert.Empty(await ParkedAsync([opened.ObligationId]));
    }

    [Fact]
    public async Task An_opening_and_a_cancellation_consumed_at_once_end_cancelled_with_nothing_pending_or_parked()
    {
        var code = Events.NewAgencyCode();
        await host.PublishAndWaitAsync(Events.Agency(code), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Enumerable.Range(0, 20)
            .Select(n => Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(10)), $"Chỉ tiêu {n}", $"CT-{n}")).ToList();

        await Task.WhenAll(opened.SelectMany(o => new[]
        {
            host.PublishAsync(o),
            host.PublishAsync(new ObligationCancelled(o.ObligationId, code, "Plan superseded", host.Clock.GetUtcNow())),
        }));

        var ids = opened.Select(o => o.ObligationId).ToList();
        await Eventually.Until(() => host.QueryAsync(db => db.Obligations.CountAsync(o => ids.Contains(o.Id)
                && o.Status == ObligationStatus.Cancelled && o.Title != "")), n => n == ids.Count,
            because: "every obligation should end cancelled and described");
        Assert.Equal(0, await host.QueryAsync(db => db.Reminders.CountAsync(r => ids.Contains(r.ObligationId) && r.Status == ReminderStatus.Pending)));
        Assert.Empty(await ParkedAsync(ids));
    }

    /// <summary>Messages about these obligations in any of the service's error queues.</summary>
    async Task<List<string>> ParkedAsync(IReadOnlyCollection<Guid> obligationIds)
    {
        var parked = new List<string>();
        foreach (var queue in (await host.Broker.QueueNamesAsync()).Where(q => q.EndsWith("_error")))
            parked.AddRange((await host.Broker.GetMessagesAsync(queue)).Select(m => m.Payload)
                .Where(p => obligationIds.Any(id => p.Contains(id.ToString()))));
        return parked;
    }

    [Fact]
    public async Task A_reporter_sees_its_own_agency_obligation_but_not_another_agency_one()
    {
        var (code, opened) = await OpenAsync();
        var ct = TestContext.Current.CancellationToken;

        var own = await host.Client(DxRoles.Reporter, code).GetAsync($"/api/notifications/obligations/{opened.ObligationId}", ct);
        var other = await host.Client(DxRoles.Reporter, "OTHER").GetAsync($"/api/notifications/obligations/{opened.ObligationId}", ct);
        var anonymous = await host.Factory.CreateClient().GetAsync($"/api/notifications/obligations/{opened.ObligationId}", ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var json = await own.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"status\":\"Open\"", json);
        Assert.Contains($"\"obligationId\":\"{opened.ObligationId}\"", json);
        Assert.Contains("\"pendingReminders\":[", json);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_unknown_obligation_is_a_404_problem()
    {
        var response = await host.Client(DxRoles.Admin).GetAsync($"/api/notifications/obligations/{Guid.NewGuid()}",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
