using System.Net;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

/// <summary>The service with lenient thresholds: on track from 70 % of the planned progress, at risk from 50 %.</summary>
public sealed class LenientThresholdsApp : TargetsApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Targets:Dashboard:OnTrackFrom"] = "0.7",
        ["Targets:Dashboard:AtRiskFrom"] = "0.5",
    };
}

public sealed class DashboardThresholdTests(LenientThresholdsApp app) : IClassFixture<LenientThresholdsApp>
{
    [Fact]
    public async Task The_configured_thresholds_judge_the_status_and_are_stated_in_the_answer_and_the_API_reference()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        foreach (var (agency, numerator) in new[] { (s.Lead, 85m), (s.Department, 60m) })
        {
            var obligation = (await app.Client().GetAsync<PageView<ObligationView>>(
                $"/api/targets/obligations?subjectId={indicator.Id}&period=2023-Q4&agency={agency}")).Items.Single();
            await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), obligation.Id, agency, 1, ObligationSubject.Indicator,
                indicator.Id, "2023-Q4", new IndicatorValue(Numerator: numerator, Denominator: 100), null, false, DateTimeOffset.UtcNow));
        }

        var overview = await Eventually.Until(() => app.Client(DxRoles.Viewer).GetAsync<OverviewView>("/api/dashboard/overview"),
            o => o.Pillars.SelectMany(p => p.Indicators).Single(i => i.IndicatorId == indicator.Id).Reported == 2,
            because: "the values reach the overview");
        var figure = overview.Pillars.SelectMany(p => p.Indicators).Single(i => i.IndicatorId == indicator.Id);
        Assert.Equal(72.5m, figure.LatestValue);
        Assert.Equal(IndicatorStatus.OnTrack, figure.Status); // at risk with the defaults (0.9 / 0.7)
        Assert.Equal(new ThresholdsView(0.7m, 0.5m), overview.Thresholds);

        var document = await app.Anonymous().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var description = JsonDocument.Parse(await document.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement
            .GetProperty("paths").GetProperty("/api/dashboard/overview").GetProperty("get").GetProperty("description").GetString();
        Assert.Contains("OnTrack when progress ≥ 0.7, AtRisk when ≥ 0.5", description);
        Assert.Contains("Targets:Dashboard:OnTrackFrom", description);
    }
}
