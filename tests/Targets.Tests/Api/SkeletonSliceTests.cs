using System.Net;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

public sealed class SkeletonSliceTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task Creating_an_agency_publishes_AgencyChanged_with_the_phone_in_plus84_form()
    {
        var code = Builders.UniqueCode();
        var response = await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code, phone: "+84 91 234 5678"));
        await response.ReadAsync<AgencyView>(HttpStatusCode.Created);

        var evt = await Eventually.Until(() => Task.FromResult(app.Bus.All<AgencyChanged>().FirstOrDefault(e => e.AgencyCode == code)),
            e => e is not null);
        Assert.Equal(1, evt!.Version);
        Assert.Equal("+84912345678", Assert.Single(evt.Contacts).Phone);
    }

    [Fact]
    public async Task Opening_an_ad_hoc_obligation_publishes_ObligationOpened_due_at_the_end_of_the_day_in_Hanoi()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));

        var created = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), created.DueAt);
        var evt = await Eventually.Until(() => Task.FromResult(app.Bus.All<ObligationOpened>().FirstOrDefault(e => e.ObligationId == created.Id)),
            e => e is not null);
        Assert.Equal(code, evt!.AgencyCode);
        Assert.Equal("2026-Q4", evt.Period);
        Assert.Equal(ObligationSubject.Task, evt.Subject);
    }

    [Fact]
    public async Task A_received_submission_marks_the_obligation_fulfilled()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var created = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);

        await app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), created.Id, code, 1, DateTimeOffset.UtcNow, false));

        await Eventually.Until(async () =>
            (await app.Client().GetAsync<ObligationView>($"/api/targets/obligations/{created.Id}")).Status == ObligationStatus.Fulfilled);
    }

    [Fact]
    public async Task A_returned_submission_reopens_the_obligation()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var created = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);
        var submission = Guid.NewGuid();
        await app.Bus.PublishAsync(new SubmissionReceived(submission, created.Id, code, 1, DateTimeOffset.UtcNow, false));
        await Eventually.Until(async () =>
            (await app.Client().GetAsync<ObligationView>($"/api/targets/obligations/{created.Id}")).Status == ObligationStatus.Fulfilled);

        await app.Bus.PublishAsync(new SubmissionReturned(submission, created.Id, code, 1, "wrong-figure", "Sai số liệu", null, DateTimeOffset.UtcNow));

        await Eventually.Until(async () =>
            (await app.Client().GetAsync<ObligationView>($"/api/targets/obligations/{created.Id}")).Status == ObligationStatus.Open);
    }

    [Fact]
    public async Task A_reporter_may_not_list_another_agencys_obligations()
    {
        var response = await app.Client(DxRoles.Reporter, "STTTT").GetAsync("/api/targets/obligations?agency=SNV",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_reporter_listing_obligations_sees_only_its_own_agency()
    {
        var mine = Builders.UniqueCode();
        var other = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(mine));
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(other));
        await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(mine));
        await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(other));

        var page = await app.Client(DxRoles.Reporter, mine).GetAsync<PageView<ObligationView>>("/api/targets/obligations");

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, o => Assert.Equal(mine, o.AgencyCode));
    }

    [Fact]
    public async Task A_reporter_reads_its_own_obligation_but_not_another_agencys()
    {
        var mine = Builders.UniqueCode();
        var other = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(mine));
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(other));
        var own = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(mine))).ReadAsync<ObligationView>(HttpStatusCode.Created);
        var theirs = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(other))).ReadAsync<ObligationView>(HttpStatusCode.Created);
        var reporter = app.Client(DxRoles.Reporter, mine);

        Assert.Equal(own.Id, (await reporter.GetAsync<ObligationView>($"/api/targets/obligations/{own.Id}")).Id);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reporter.GetAsync($"/api/targets/obligations/{theirs.Id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Only_the_secretariat_may_create_agencies()
    {
        var response = await app.Client(DxRoles.Reporter, "STTTT").PostJsonAsync("/api/targets/agencies", Builders.Agency(Builders.UniqueCode()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Anonymous().GetAsync("/api/dashboard/summary", TestContext.Current.CancellationToken)).StatusCode);
    }
}
