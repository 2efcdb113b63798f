using System.Net;
using System.Text.Json.Nodes;
using DxTrack.Contracts;
using DxTrack.TestSupport;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class ComplianceTests(SubmissionsHost host)
{
    static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Completeness_and_timeliness_count_only_due_obligations_of_active_agencies_judged_on_the_first_submission()
    {
        var period = $"P{Guid.NewGuid():N}"[..12];
        var x = $"CX{Guid.NewGuid():N}"[..12];
        var y = $"CY{Guid.NewGuid():N}"[..12];
        var z = $"CZ{Guid.NewGuid():N}"[..12];
        var t0 = host.Clock.GetUtcNow();
        await AgencyAsync(y, active: false, version: 1, changedAt: t0 - Day);
        await AgencyAsync(z, active: true, version: 1, changedAt: t0 - Day);

        async Task<Guid> Open(string agency, TimeSpan dueIn) =>
            (await host.OpenObligationAsync(agency, dueAt: t0 + dueIn, period: period)).ObligationId;
        var onTime = await Open(x, Day);
        var fixedInTime = await Open(x, Day);
        var fixedTooLate = await Open(x, Day);
        var lateFirst = await Open(x, Day);
        var never = await Open(x, Day);
        var notDueYet = await Open(x, 30 * Day);
        var earlyAndAccepted = await Open(x, 30 * Day);
        var cancelled = await Open(x, Day);
        var inactiveAgency = await Open(y, Day);
        var deactivatedLater = await Open(z, Day);
        await host.PublishAsync(new ObligationCancelled(cancelled, x, "Dropped", t0));
        await Eventually.Until(async () => await host.CountAsync("obligations", $"\"Id\" = '{cancelled}' and \"CancelledAt\" is not null") == 1);

        var secretariat = host.Secretariat();
        var s1 = await SubmitAsync(x, onTime);
        var s2 = await SubmitAsync(x, fixedInTime);
        var s3 = await SubmitAsync(x, fixedTooLate);
        var s7 = await SubmitAsync(x, earlyAndAccepted);
        await AcceptAsync(s1);
        await AcceptAsync(s7);
        await ReturnAsync(s2, fixWithinDays: 2);
        await ReturnAsync(s3, fixWithinDays: 1);

        host.Clock.Advance(1.5 * Day);   // past the due date, within s2's fix period
        await SubmitAsync(x, fixedInTime);
        await AcceptAsync(s2);

        host.Clock.Advance(1.5 * Day);   // past s3's fix period
        await SubmitAsync(x, fixedTooLate);
        await AcceptAsync(s3);
        var late = await host.Reporter(x).PostJsonAsync("/api/submissions",
            new { obligationId = lateFirst, progress = new { status = "Completed", percentComplete = 100 } });
        Assert.True((bool)(await late.ReadAsync())["isLate"]!);
        await AcceptAsync((string)(await late.ReadAsync())["id"]!);
        await AgencyAsync(z, active: false, version: 2, changedAt: host.Clock.GetUtcNow());

        var response = await secretariat.GetAsync($"/api/submissions/compliance?period={period}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadAsync();

        AssertRate(report["overall"]!, due: 7, fulfilled: 5, onTime: 3, completeness: 0.7143m, timeliness: 0.4286m);
        var agencies = report["agencies"]!.AsArray().ToDictionary(a => (string)a!["agencyCode"]!, a => a!["rate"]!);
        Assert.Equal([x, z], agencies.Keys.Order().ToList());
        AssertRate(agencies[x], due: 6, fulfilled: 5, onTime: 3, completeness: 0.8333m, timeliness: 0.5m);
        AssertRate(agencies[z], due: 1, fulfilled: 0, onTime: 0, completeness: 0m, timeliness: 0m);
        AssertRate(report["periods"]![0]!["rate"]!, due: 7, fulfilled: 5, onTime: 3, completeness: 0.7143m, timeliness: 0.4286m);

        var outstanding = report["outstanding"]!.AsArray();
        Assert.Equal(new[] { never, deactivatedLater }.Order(), outstanding.Select(o => (Guid)o!["obligationId"]!).Order());
        Assert.All(outstanding, o => Assert.Equal(2, (int)o!["daysOverdue"]!));
        Assert.All(outstanding, o => Assert.Equal("NotSubmitted", (string)o!["status"]!));
        Assert.DoesNotContain(outstanding, o => (Guid)o!["obligationId"]! == notDueYet || (Guid)o!["obligationId"]! == inactiveAgency);
    }

    [Fact]
    public async Task Compliance_is_grouped_per_period_and_lists_what_is_outstanding_with_where_its_report_stands()
    {
        var id = Guid.NewGuid().ToString("N");
        var agency = $"CP{id}"[..12];
        var first = $"A{id}"[..12];
        var second = $"B{id}"[..12];
        var t0 = host.Clock.GetUtcNow();
        async Task<Guid> Open(string period, TimeSpan dueIn) =>
            (await host.OpenObligationAsync(agency, dueAt: t0 + dueIn, period: period)).ObligationId;

        var acceptedLate = await Open(first, -2 * Day);
        var neverSent = await Open(first, -2 * Day);
        var acceptedEarly = await Open(second, 10 * Day);
        var awaitingReview = await Open(second, -2 * Day);
        var returnedUnfixed = await Open(second, -2 * Day);
        await AcceptAsync(await SubmitAsync(agency, acceptedLate));
        await AcceptAsync(await SubmitAsync(agency, acceptedEarly));
        var pending = await SubmitAsync(agency, awaitingReview);
        var returned = await SubmitAsync(agency, returnedUnfixed);
        await ReturnAsync(returned, fixWithinDays: 3);

        var report = await (await host.Secretariat().GetAsync($"/api/submissions/compliance?agency={agency}",
            TestContext.Current.CancellationToken)).ReadAsync();

        AssertRate(report["overall"]!, due: 5, fulfilled: 2, onTime: 1, completeness: 0.4m, timeliness: 0.2m);
        var periods = report["periods"]!.AsArray();
        Assert.Equal([first, second], periods.Select(p => (string)p!["period"]!).ToList());
        AssertRate(periods[0]!["rate"]!, due: 2, fulfilled: 1, onTime: 0, completeness: 0.5m, timeliness: 0m);
        AssertRate(periods[1]!["rate"]!, due: 3, fulfilled: 1, onTime: 1, completeness: 0.3333m, timeliness: 0.3333m);

        var outstanding = report["outstanding"]!.AsArray().ToDictionary(o => (Guid)o!["obligationId"]!);
        Assert.Equal(new[] { neverSent, awaitingReview, returnedUnfixed }.Order(), outstanding.Keys.Order());
        Assert.Equal("NotSubmitted", (string)outstanding[neverSent]!["status"]!);
        Assert.Null(outstanding[neverSent]!["submissionId"]);
        Assert.Equal("Submitted", (string)outstanding[awaitingReview]!["status"]!);
        Assert.Equal(pending, (string)outstanding[awaitingReview]!["submissionId"]!);
        Assert.Equal("Returned", (string)outstanding[returnedUnfixed]!["status"]!);
        Assert.Equal(returned, (string)outstanding[returnedUnfixed]!["submissionId"]!);
        Assert.Equal(first, (string)outstanding[neverSent]!["period"]!);
        Assert.Equal(second, (string)outstanding[returnedUnfixed]!["period"]!);
        Assert.All(outstanding.Values, o => Assert.Equal(2, (int)o!["daysOverdue"]!));

        var secondOnly = await (await host.Secretariat().GetAsync(
            $"/api/submissions/compliance?agency={agency}&period={second}", TestContext.Current.CancellationToken)).ReadAsync();
        Assert.Equal([second], secondOnly["periods"]!.AsArray().Select(p => (string)p!["period"]!).ToList());
        AssertRate(secondOnly["overall"]!, due: 3, fulfilled: 1, onTime: 1, completeness: 0.3333m, timeliness: 0.3333m);
        Assert.Equal(new[] { awaitingReview, returnedUnfixed }.Order(),
            secondOnly["outstanding"]!.AsArray().Select(o => (Guid)o!["obligationId"]!).Order());
    }

    [Fact]
    public async Task A_reporter_sees_only_its_own_agencys_compliance()
    {
        var mine = $"CM{Guid.NewGuid():N}"[..12];
        await host.OpenObligationAsync(mine, dueAt: host.Clock.GetUtcNow() - Day);

        var others = await host.Reporter(mine).GetAsync("/api/submissions/compliance?agency=STTTT", TestContext.Current.CancellationToken);
        var own = await (await host.Reporter(mine).GetAsync("/api/submissions/compliance", TestContext.Current.CancellationToken)).ReadAsync();

        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        Assert.Equal("application/problem+json", others.Content.Headers.ContentType?.MediaType);
        Assert.Equal([mine], own["agencies"]!.AsArray().Select(a => (string)a!["agencyCode"]!).ToList());
        Assert.Equal(1, (int)own["overall"]!["due"]!);
        Assert.Equal(0m, (decimal)own["overall"]!["completeness"]!);
    }

    static void AssertRate(JsonNode rate, int due, int fulfilled, int onTime, decimal completeness, decimal timeliness)
    {
        Assert.Equal(due, (int)rate["due"]!);
        Assert.Equal(fulfilled, (int)rate["fulfilled"]!);
        Assert.Equal(onTime, (int)rate["fulfilledOnTime"]!);
        Assert.Equal(completeness, (decimal)rate["completeness"]!);
        Assert.Equal(timeliness, (decimal)rate["timeliness"]!);
    }

    async Task AgencyAsync(string code, bool active, long version, DateTimeOffset changedAt)
    {
        await host.PublishAsync(new AgencyChanged(code, $"Cơ quan {code}", AgencyKind.Department, null, active, [], version, changedAt));
        await Eventually.Until(async () => await host.CountAsync("agencies", $"\"Code\" = '{code}' and \"Version\" = {version}") == 1);
    }

    async Task<string> SubmitAsync(string agency, Guid obligationId)
    {
        var response = await host.Reporter(agency).PostJsonAsync("/api/submissions",
            new { obligationId, progress = new { status = "InProgress", percentComplete = 50 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadAsync())["id"]!;
    }

    async Task AcceptAsync(string id) =>
        Assert.Equal(HttpStatusCode.OK, (await host.Secretariat().PostAsync($"/api/submissions/{id}/accept", null,
            TestContext.Current.CancellationToken)).StatusCode);

    async Task ReturnAsync(string id, int fixWithinDays) =>
        Assert.Equal(HttpStatusCode.OK, (await host.Secretariat().PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "missing-evidence", reason = "Thiếu văn bản", fixWithinDays })).StatusCode);
}
