using DxTrack.Contracts;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

/// <summary>The province value of an indicator, from accepted reports as the events bring them.</summary>
public sealed class ProvinceValueTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    async Task<(PlanScenario Scenario, IndicatorView Indicator, Dictionary<string, ObligationView> ByAgency)> ApprovedAsync(
        string measure, string period)
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync(measure: measure);
        await s.ConsultAsync();
        await s.ApproveAsync();
        var obligations = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={indicator.Id}&period={period}")).Items;
        return (s, indicator, obligations.ToDictionary(o => o.AgencyCode));
    }

    Task AcceptAsync(ObligationView o, IndicatorValue value) =>
        app.DeliverAsync(new SubmissionAccepted(Guid.NewGuid(), o.Id, o.AgencyCode, 1, ObligationSubject.Indicator, o.SubjectId,
            o.Period, value, null, true, DateTimeOffset.UtcNow));

    async Task<ProvinceValueView> ValueAsync(IndicatorView indicator, string period) =>
        (await app.Client().GetAsync<IndicatorValuesView>($"/api/targets/indicators/{indicator.Id}/values?period={period}")).Periods.Single();

    [Fact]
    public async Task A_count_indicator_sums_the_accepted_counts()
    {
        var (s, indicator, owed) = await ApprovedAsync("Count", "2023-Q2");

        await AcceptAsync(owed[s.Lead], new IndicatorValue(Count: 5));
        await AcceptAsync(owed[s.Department], new IndicatorValue(Count: 7));

        var value = await ValueAsync(indicator, "2023-Q2");
        Assert.Equal(Measure.Count, value.Measure);
        Assert.Equal(5m + 7m, value.Value);
        Assert.Equal(2, value.Reported);
        Assert.True(value.Complete);
    }

    [Fact]
    public async Task A_milestone_is_done_only_once_every_agency_owing_it_reported_done()
    {
        var (s, indicator, owed) = await ApprovedAsync("Milestone", "2023-Q3");

        await AcceptAsync(owed[s.Lead], new IndicatorValue(Done: true));
        var half = await ValueAsync(indicator, "2023-Q3");
        Assert.False(half.AllDone);
        Assert.Equal(0m, half.Value);

        await AcceptAsync(owed[s.Department], new IndicatorValue(Done: true));
        var all = await ValueAsync(indicator, "2023-Q3");
        Assert.True(all.AllDone);
        Assert.Equal(1m, all.Value);
    }

    [Fact]
    public async Task A_value_from_an_agency_whose_obligation_was_cancelled_does_not_count_towards_the_province()
    {
        var (s, indicator, owed) = await ApprovedAsync("Ratio", "2023-Q3");
        await (await s.Secretariat.PostAsync($"/api/targets/agencies/{s.Department}/deactivate", null,
            TestContext.Current.CancellationToken)).ReadAsync<AgencyView>();
        Assert.Equal(ObligationStatus.Cancelled,
            (await s.Secretariat.GetAsync<ObligationView>($"/api/targets/obligations/{owed[s.Department].Id}")).Status);

        // Accepted by Submissions before it heard of the cancellation.
        await AcceptAsync(owed[s.Department], new IndicatorValue(Numerator: 30, Denominator: 100));

        var value = await ValueAsync(indicator, "2023-Q3");
        Assert.Equal(1, value.Expected);
        Assert.Equal(0, value.Reported);
        Assert.Equal(0m, value.ReportingShare);
        Assert.False(value.Complete);
        Assert.Null(value.Value);
        var drill = await s.Secretariat.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}");
        var q3 = drill.Periods.Single(p => p.Period == "2023-Q3");
        Assert.Equal(0, q3.Reported);
        Assert.Equal(1, q3.Expected);

        await AcceptAsync(owed[s.Lead], new IndicatorValue(Numerator: 60, Denominator: 100));
        var lead = await ValueAsync(indicator, "2023-Q3");
        Assert.Equal(60m, lead.Value);
        Assert.Equal(1m, lead.ReportingShare);
    }
}
