using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using MassTransit;

namespace DxTrack.Security.Tests;

/// <summary>
/// With real data of two agencies in place, a reporter works with its own agency's obligations, reports,
/// contacts and figures and cannot reach another agency's, by id, by query or in a list; every other
/// role reads them all. The data arrives as the services learn it in production: through the API and events.
/// </summary>
[Collection(ServiceHosts.Collection)]
public sealed class AgencyIsolationTests(ServiceHosts hosts)
{
    const string Own = ServiceHosts.OwnAgency, Other = ServiceHosts.OtherAgency;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every service is built: a route the test relies on that is gone is a failure, not a reason to skip.
    void RequireMapped(string service, string route)
    {
        if (!hosts.Routes(service).Contains(route)) Assert.Fail($"{service} does not map {route}.");
    }

    static void AssertRefused(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode}");

    async Task<Guid> OpenObligationFor(string agency)
    {
        var broker = new Uri(hosts.Bus.AmqpUri);
        var user = broker.UserInfo.Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker, h =>
        {
            h.Username(Uri.UnescapeDataString(user[0]));
            h.Password(Uri.UnescapeDataString(user[1]));
        }));
        await bus.StartAsync(Ct);
        try
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var code in new[] { Own, Other })
                await bus.Publish(new AgencyChanged(code, $"Agency {code}", AgencyKind.Department, null, true,
                    [new AgencyContact("Head", ServiceHosts.ContactEmail(code), "0900000000", true)], 1, now), Ct);
            var id = Guid.NewGuid();
            await bus.Publish(new ObligationOpened(id, agency, ObligationSubject.Task, Guid.NewGuid(), "NV-01",
                "Báo cáo tiến độ", "2026-Q4", now.AddDays(60), null, now), Ct);
            return id;
        }
        finally
        {
            await bus.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task A_reporter_reports_on_its_own_agencys_obligation_and_not_on_another_agencys()
    {
        RequireMapped("submissions", "POST /api/submissions");
        var obligation = await OpenObligationFor(Own);
        var report = new { obligationId = obligation, progress = new { status = "InProgress", percentComplete = 40, note = "Đang triển khai" } };
        var own = hosts.Client("submissions", DxRoles.Reporter, Own);
        var other = hosts.Client("submissions", DxRoles.Reporter, Other);

        var created = await Eventually.Until(() => own.PostAsJsonAsync("/api/submissions", report, Ct),
            r => r.StatusCode == HttpStatusCode.Created, because: "the obligation reaches the submissions replica");
        var submission = (await created.Content.ReadFromJsonAsync<IdOnly>(Ct))!.Id;

        AssertRefused(await other.PostAsJsonAsync("/api/submissions", report, Ct), "a report on another agency's obligation");
        AssertRefused(await other.GetAsync($"/api/submissions/{submission}", Ct), "another agency's report");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/api/submissions/{submission}", Ct)).StatusCode);
        var listed = await other.GetStringAsync("/api/submissions", Ct);
        Assert.DoesNotContain(submission.ToString(), listed);
    }

    [Fact]
    public async Task A_reporter_cannot_revise_or_compare_another_agencys_report_by_its_id()
    {
        RequireMapped("submissions", "POST /api/submissions/{}/revisions");
        RequireMapped("submissions", "GET /api/submissions/{}/diff");
        var obligation = await hosts.OpenObligationAsync(Own, Ct);
        var submission = await hosts.SubmitProgressAsync(obligation, Own, Ct);
        var other = hosts.Client("submissions", DxRoles.Reporter, Other);
        var revision = new { progress = new { status = "Completed", percentComplete = 100, note = "Sửa hộ" } };

        AssertRefused(await other.PostAsJsonAsync($"/api/submissions/{submission}/revisions", revision, Ct), "revising another agency's report");
        AssertRefused(await other.GetAsync($"/api/submissions/{submission}/diff?from=1&to=1", Ct), "comparing another agency's revisions");

        var detail = await hosts.Client("submissions", DxRoles.Viewer).GetFromJsonAsync<JsonElement>($"/api/submissions/{submission}", Ct);
        Assert.Equal(1, detail.GetProperty("revisions").GetArrayLength());
    }

    [Fact]
    public async Task A_reporter_reads_its_own_agencys_obligation_in_targets_and_not_another_agencys()
    {
        RequireMapped("targets", "GET /api/targets/obligations/{}");
        var obligation = await hosts.OpenObligationAsync(Own, Ct);

        Assert.Equal(HttpStatusCode.OK,
            (await hosts.Client("targets", DxRoles.Reporter, Own).GetAsync($"/api/targets/obligations/{obligation}", Ct)).StatusCode);
        AssertRefused(await hosts.Client("targets", DxRoles.Reporter, Other).GetAsync($"/api/targets/obligations/{obligation}", Ct),
            "another agency's obligation");
        var listed = await hosts.Client("targets", DxRoles.Reporter, Other).GetStringAsync("/api/targets/obligations", Ct);
        Assert.DoesNotContain(obligation.ToString(), listed);
        Assert.Equal(HttpStatusCode.OK,
            (await hosts.Client("targets", DxRoles.Viewer).GetAsync($"/api/targets/obligations/{obligation}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_reporter_sees_its_own_agencys_reminder_status_and_not_another_agencys()
    {
        RequireMapped("notifications", "GET /api/notifications/obligations/{}");
        var obligation = await OpenObligationFor(Own);
        var own = hosts.Client("notifications", DxRoles.Reporter, Own);
        var other = hosts.Client("notifications", DxRoles.Reporter, Other);

        await Eventually.Until(() => own.GetAsync($"/api/notifications/obligations/{obligation}", Ct),
            r => r.StatusCode == HttpStatusCode.OK, because: "the obligation reaches the notifications replica");

        AssertRefused(await other.GetAsync($"/api/notifications/obligations/{obligation}", Ct), "another agency's reminders");
        AssertRefused(await other.GetAsync($"/api/notifications/agencies/{Own}/contacts", Ct), "another agency's contacts");
    }

    [Fact]
    public async Task The_committee_reads_every_agencys_obligation_and_reminders()
    {
        var obligation = await hosts.OpenObligationAsync(Other, Ct);

        var view = await hosts.Client("notifications", DxRoles.Viewer)
            .GetFromJsonAsync<JsonElement>($"/api/notifications/obligations/{obligation}", Ct);

        Assert.Equal(Other, view.GetProperty("agencyCode").GetString());
    }

    [Fact]
    public async Task A_reporter_sees_only_its_own_agencys_contacts_in_the_agency_directory()
    {
        RequireMapped("targets", "GET /api/targets/agencies/{}");
        await hosts.RegisterAgenciesAsync(Ct);
        var reporter = hosts.Client("targets", DxRoles.Reporter, Own);

        var directory = await reporter.GetFromJsonAsync<JsonElement>("/api/targets/agencies?q=AG&pageSize=200", Ct);
        var contacts = directory.GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("code").GetString()!, a => a.GetProperty("contacts").GetArrayLength());
        Assert.Equal(1, contacts[Own]);
        Assert.Equal(0, contacts[Other]);
        Assert.DoesNotContain(ServiceHosts.ContactEmail(Other), await reporter.GetStringAsync("/api/targets/agencies?pageSize=200", Ct));

        var mine = await reporter.GetFromJsonAsync<JsonElement>($"/api/targets/agencies/{Own}", Ct);
        Assert.Equal(ServiceHosts.ContactEmail(Own), mine.GetProperty("contacts")[0].GetProperty("email").GetString());
        var theirs = await reporter.GetAsync($"/api/targets/agencies/{Other}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.DoesNotContain(ServiceHosts.ContactEmail(Other), await theirs.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData(DxRoles.Viewer)]
    [InlineData(DxRoles.Secretariat)]
    [InlineData(DxRoles.Admin)]
    public async Task Every_other_role_reads_every_agencys_contacts(string role)
    {
        await hosts.RegisterAgenciesAsync(Ct);

        var agency = await hosts.Client("targets", role).GetFromJsonAsync<JsonElement>($"/api/targets/agencies/{Other}", Ct);

        Assert.Equal(ServiceHosts.ContactEmail(Other), agency.GetProperty("contacts")[0].GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("/api/targets/obligations")]
    [InlineData("/api/submissions")]
    [InlineData("/api/submissions/compliance")]
    public async Task Naming_another_agency_in_the_query_is_refused(string path)
    {
        var service = path.StartsWith("/api/submissions", StringComparison.Ordinal) ? "submissions" : "targets";
        var reporter = hosts.Client(service, DxRoles.Reporter, Own);

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"{path}?agency={Other}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"{path}?agency={Other.ToLowerInvariant()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync($"{path}?agency={Own}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/api/targets/indicators")]
    [InlineData("/api/targets/tasks")]
    public async Task The_plan_is_read_by_every_role_so_a_reporter_may_filter_it_by_another_agency(string path)
    {
        // Indicators and tasks are the province's plan, which names the agencies it assigns work to;
        // what an agency reported against them is refused above and in the dashboard below.
        var response = await hosts.Client("targets", DxRoles.Reporter, Own).GetAsync($"{path}?agency={Other}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboard/agencies", "agencies")]
    [InlineData("/api/dashboard/overview", "agencies")]
    public async Task A_reporter_sees_its_own_agencys_row_of_the_province_views_and_the_committee_sees_all(string path, string rows)
    {
        await hosts.RegisterAgenciesAsync(Ct);
        var viewer = hosts.Client("targets", DxRoles.Viewer);
        var reporter = hosts.Client("targets", DxRoles.Reporter, Own);

        var all = Codes(await viewer.GetFromJsonAsync<JsonElement>(path, Ct), rows);
        var mine = Codes(await reporter.GetFromJsonAsync<JsonElement>(path, Ct), rows);
        var secretariat = Codes(await hosts.Client("targets", DxRoles.Secretariat).GetFromJsonAsync<JsonElement>(path, Ct), rows);

        Assert.Superset(new HashSet<string> { Own, Other }, all.ToHashSet());
        Assert.Equal(all, secretariat);
        Assert.Equal([Own], mine);
    }

    [Fact]
    public async Task The_overview_export_of_a_reporter_ranks_its_own_agency_only()
    {
        await hosts.RegisterAgenciesAsync(Ct);

        var mine = await hosts.Client("targets", DxRoles.Reporter, Own).GetStringAsync("/api/dashboard/overview/export?format=csv", Ct);
        var all = await hosts.Client("targets", DxRoles.Viewer).GetStringAsync("/api/dashboard/overview/export?format=csv", Ct);

        Assert.Contains($",{Own},", mine);
        Assert.DoesNotContain($",{Other},", mine);
        Assert.Contains($",{Other},", all);
    }

    [Fact]
    public async Task A_reporters_view_has_its_own_entity_tag_so_a_cached_copy_of_the_full_view_is_never_served_to_it()
    {
        await hosts.RegisterAgenciesAsync(Ct);
        var full = await hosts.Client("targets", DxRoles.Viewer).GetAsync("/api/dashboard/agencies", Ct);
        var reporter = hosts.Client("targets", DxRoles.Reporter, Own);
        reporter.DefaultRequestHeaders.TryAddWithoutValidation("If-None-Match", full.Headers.ETag!.Tag);

        var response = await reporter.GetAsync("/api/dashboard/agencies", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(full.Headers.ETag!.Tag, response.Headers.ETag!.Tag);
    }

    static List<string> Codes(JsonElement view, string rows) =>
        view.GetProperty(rows).EnumerateArray().Select(a => a.GetProperty("agencyCode").GetString()!).ToList();
}
