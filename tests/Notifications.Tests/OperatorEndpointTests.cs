using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTrack.Notifications.Tests;

public sealed class OperatorEndpointTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<(string Code, AgencyContact Staff, ObligationOpened Obligation)> ArrangeAsync()
    {
        var code = Events.NewAgencyCode();
        var staff = Events.Staff(code);
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff, Events.Head(code)), db => db.Agencies.AnyAsync(a => a.Code == code));
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(10)));
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        return (code, staff, opened);
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Operators_see_an_agency_pending_reminders()
    {
        var (code, _, opened) = await ArrangeAsync();

        var page = await host.Client(DxRoles.Secretariat).GetFromJsonAsync<ReminderPage>(
            $"/api/notifications/reminders?agency={code}&status=Pending", Json, Ct);

        Assert.NotNull(page);
        Assert.True(page.Total > 0);
        Assert.All(page.Items, r => Assert.Equal((code, opened.ObligationId, ReminderStatus.Pending), (r.AgencyCode, r.ObligationId, r.Status)));
    }

    [Fact]
    public async Task The_delivery_log_shows_sent_reminders_with_attempts_and_provider_message_id()
    {
        var (code, _, _) = await ArrangeAsync();
        host.AdvanceTo(host.Today.AddDays(3), new TimeOnly(9, 0)); // past the "7 days before" step
        await host.DispatchAsync();

        var page = await host.Client(DxRoles.Admin).GetFromJsonAsync<ReminderPage>(
            $"/api/notifications/deliveries?agency={code}&status=Sent", Json, Ct);

        var sent = Assert.Single(page!.Items);
        Assert.Equal(("before-7d", 1), (sent.Step, sent.Attempts));
        Assert.NotNull(sent.ProviderMessageId);
        Assert.NotNull(sent.SentAt);
    }

    [Fact]
    public async Task An_instance_started_without_a_secretariat_address_warns_that_escalations_will_not_reach_it()
    {
        var unsetLogs = new CapturedLogs();
        await using (var unset = host.CreateFactory(s => s["Notifications:SecretariatEmail"] = null)
                         .WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(unsetLogs))))
            _ = unset.Server;
        var setLogs = new CapturedLogs();
        await using (var set = host.CreateFactory().WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(setLogs))))
            _ = set.Server;

        Assert.Contains(unsetLogs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Notifications:SecretariatEmail is not set"));
        Assert.DoesNotContain(setLogs.Entries, e => e.Message.Contains("SecretariatEmail"));
    }

    [Fact]
    public async Task Operator_lists_refuse_an_unknown_status_or_page_naming_the_field()
    {
        var client = host.Client(DxRoles.Secretariat);

        await AssertProblemAsync(await client.GetAsync("/api/notifications/reminders?status=Lost", Ct), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await client.GetAsync("/api/notifications/deliveries?page=0", Ct), HttpStatusCode.BadRequest, "page");
        await AssertProblemAsync(await client.GetAsync("/api/notifications/deliveries?channel=Fax", Ct), HttpStatusCode.BadRequest, "channel");
        await AssertProblemAsync(await client.GetAsync("/api/notifications/deliveries?pageSize=abc", Ct), HttpStatusCode.BadRequest, "pageSize");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_notification_endpoints()
    {
        var document = await host.Factory.CreateClient().GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("/api/notifications/obligations/{obligationId}", document);
        Assert.Contains("/api/notifications/deliveries", document);
    }

    [Fact]
    public async Task Reporters_and_viewers_may_not_read_the_operator_lists()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(DxRoles.Reporter, "STTTT").GetAsync("/api/notifications/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(DxRoles.Viewer).GetAsync("/api/notifications/reminders", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_contact_who_opts_out_of_sms_has_its_pending_sms_cancelled_and_keeps_its_email()
    {
        var (code, staff, opened) = await ArrangeAsync();

        var response = await host.Client(DxRoles.Reporter, code).PutAsJsonAsync(
            $"/api/notifications/agencies/{code}/contacts/preferences", new { address = staff.Phone, smsOptOut = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await host.QueryAsync(db => db.RemindersOf(opened.ObligationId).Where(r => r.Status == ReminderStatus.Pending).ToListAsync());
        Assert.DoesNotContain(rows, r => r.Channel == ReminderChannel.Sms && r.Recipient == staff.Phone);
        Assert.Contains(rows, r => r.Channel == ReminderChannel.Email && r.Recipient == staff.Email);
    }

    [Fact]
    public async Task An_admin_can_switch_an_agency_to_english_and_off_sms()
    {
        var (code, _, opened) = await ArrangeAsync();

        var response = await host.Client(DxRoles.Admin).PutAsJsonAsync($"/api/notifications/agencies/{code}/preferences",
            new { smsOptOut = true, language = "en" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await host.QueryAsync(db => db.RemindersOf(opened.ObligationId).Where(r => r.Status == ReminderStatus.Pending).ToListAsync());
        Assert.DoesNotContain(rows, r => r.Channel == ReminderChannel.Sms);
        // The secretariat's copy of escalations stays in Vietnamese.
        Assert.All(rows.Where(r => r.Recipient != NotificationsHost.SecretariatEmail), r => Assert.Equal("en", r.Language));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(DxRoles.Secretariat).PutAsJsonAsync(
            $"/api/notifications/agencies/{code}/preferences", new { smsOptOut = false }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_preference_requests_are_4xx_problems_that_change_nothing()
    {
        var (code, staff, _) = await ArrangeAsync();
        var client = host.Client(DxRoles.Reporter, code);
        var url = $"/api/notifications/agencies/{code}/contacts/preferences";

        await AssertProblemAsync(await client.PutAsJsonAsync(url, new { address = staff.Email, language = "fr" }, Ct), HttpStatusCode.BadRequest, "language");
        await AssertProblemAsync(await client.PutAsJsonAsync(url, new { address = "nobody@x.vn", smsOptOut = true }, Ct), HttpStatusCode.BadRequest, "address");
        await AssertProblemAsync(await client.PutAsJsonAsync(url, new { smsOptOut = true }, Ct), HttpStatusCode.BadRequest, "address");
        await AssertProblemAsync(await client.PutAsync(url, new StringContent("{\"address\": ", Encoding.UTF8, "application/json"), Ct),
            HttpStatusCode.BadRequest, "JSON");
        await AssertProblemAsync(await client.PutAsync(url, new StringContent("{\"address\":\"a@b.vn\",\"smsOptOut\":\"yes\"}", Encoding.UTF8, "application/json"), Ct),
            HttpStatusCode.BadRequest, "smsOptOut");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(DxRoles.Reporter, "OTHER").PutAsJsonAsync(url,
            new { address = staff.Email, smsOptOut = true }, Ct)).StatusCode);
        await AssertProblemAsync(await host.Client(DxRoles.Admin).PutAsJsonAsync("/api/notifications/agencies/NOPE/preferences",
            new { smsOptOut = true }, Ct), HttpStatusCode.NotFound, "NOPE");

        Assert.Equal(0, await host.QueryAsync(db => db.ContactPreferences.CountAsync(p => p.AgencyCode == code)));
    }
}
