using System.Net;
using DxTrack.Contracts;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

/// <summary>Submission events may arrive out of order; the obligation and the province value follow the revisions, not the arrival order.</summary>
public sealed class ReportRevisionTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    async Task<ObligationView> AdHocAsync()
    {
        var code = Builders.UniqueCode();
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code))).ReadAsync<AgencyView>(HttpStatusCode.Created);
        return await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);
    }

    async Task<ObligationStatus> StatusAsync(Guid id) =>
        (await app.Client().GetAsync<ObligationView>($"/api/targets/obligations/{id}")).Status;

    static SubmissionReceived Received(ObligationView o, Guid submission, int revision) =>
        new(submission, o.Id, o.AgencyCode, revision, DateTimeOffset.UtcNow, false);

    static SubmissionReturned Returned(ObligationView o, Guid submission, int revision) =>
        new(submission, o.Id, o.AgencyCode, revision, "wrong-figure", "Sai số liệu", null, DateTimeOffset.UtcNow);

    static SubmissionAccepted Accepted(ObligationView o, Guid submission, int revision, decimal numerator) =>
        new(submission, o.Id, o.AgencyCode, revision, ObligationSubject.Indicator, o.SubjectId, o.Period,
            new IndicatorValue(Numerator: numerator, Denominator: 100), null, true, DateTimeOffset.UtcNow);

    async Task<(PlanScenario Scenario, ObligationView Obligation)> IndicatorObligationAsync()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        var obligation = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={indicator.Id}&period=2023-Q2&agency={s.Lead}")).Items.Single();
        return (s, obligation);
    }

    async Task<ProvinceValueView> ValueAsync(ObligationView o) =>
        (await app.Client().GetAsync<IndicatorValuesView>($"/api/targets/indicators/{o.SubjectId}/values?period={o.Period}")).Periods.Single();

    [Fact]
    public async Task A_return_of_an_older_revision_arriving_after_a_newer_one_leaves_the_report_fulfilled()
    {
        var obligation = await AdHocAsync();
        var submission = Guid.NewGuid();

        await app.DeliverAsync(Received(obligation, submission, 1));
        await app.DeliverAsync(Received(obligation, submission, 2));
        await app.DeliverAsync(Returned(obligation, submission, 1));

        Assert.Equal(ObligationStatus.Fulfilled, await StatusAsync(obligation.Id));
    }

    [Fact]
    public async Task A_return_arriving_before_the_revision_it_returns_leaves_the_report_owed()
    {
        var obligation = await AdHocAsync();
        var submission = Guid.NewGuid();

        await app.DeliverAsync(Returned(obligation, submission, 1));
        await app.DeliverAsync(Received(obligation, submission, 1));

        Assert.Equal(ObligationStatus.Open, await StatusAsync(obligation.Id));
    }

    [Fact]
    public async Task A_returned_correction_of_an_accepted_report_leaves_it_fulfilled_with_the_accepted_value()
    {
        var (_, obligation) = await IndicatorObligationAsync();
        var submission = Guid.NewGuid();
        await app.DeliverAsync(Received(obligation, submission, 1));
        await app.DeliverAsync(Accepted(obligation, submission, 1, numerator: 40));

        await app.DeliverAsync(Received(obligation, submission, 2));
        await app.DeliverAsync(Returned(obligation, submission, 2));

        Assert.Equal(ObligationStatus.Fulfilled, await StatusAsync(obligation.Id));
        Assert.Equal(40m, (await ValueAsync(obligation)).Value);
    }

    [Fact]
    public async Task An_older_accepted_revision_arriving_after_a_newer_one_does_not_change_the_province_value()
    {
        var (_, obligation) = await IndicatorObligationAsync();
        var submission = Guid.NewGuid();

        await app.DeliverAsync(Accepted(obligation, submission, 2, numerator: 50));
        await app.DeliverAsync(Accepted(obligation, submission, 1, numerator: 10));

        var value = await ValueAsync(obligation);
        Assert.Equal(50m, value.Value);
        Assert.Equal(1, value.Reported);
        Assert.Equal(ObligationStatus.Fulfilled, await StatusAsync(obligation.Id));
    }
}
