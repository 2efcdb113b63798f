using System.Net;
using DxTrack.Contracts;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

public sealed class PlanRevisionTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    async Task<PlanView> ReviseAsync(PlanScenario s, Guid? planId = null) =>
        await (await s.Secretariat.PostAsync($"/api/targets/plans/{planId ?? s.Plan.Id}/revisions", null,
            TestContext.Current.CancellationToken)).ReadAsync<PlanView>(HttpStatusCode.Created);

    Task<PageView<ObligationView>> ObligationsAsync(PlanScenario s, string query) =>
        s.Secretariat.GetAsync<PageView<ObligationView>>($"/api/targets/obligations?{query}&pageSize=200");

    [Fact]
    public async Task Approving_counts_the_consultation_it_closed_and_the_open_obligations_of_the_version_it_superseded()
    {
        var s = await PlanScenario.CreateAsync(app);
        await s.AddQuarterlyIndicatorAsync();
        var consulted = await s.ConsultAsync();

        var approved = await s.ApproveAsync();

        Assert.Equal(consulted.ObligationsOpened, approved.ObligationsCancelled);
        var consultation = await ObligationsAsync(s, $"planId={s.Plan.Id}&subject=Consultation");
        Assert.Equal(consulted.ObligationsOpened, consultation.Total);
        Assert.All(consultation.Items, o => Assert.Equal(ObligationStatus.Cancelled, o.Status));

        var revision = await ReviseAsync(s);
        var reconsulted = await s.ConsultAsync(revision.Id);
        var stillOpen = (await ObligationsAsync(s, $"planId={s.Plan.Id}&status=Open")).Total;
        Assert.True(stillOpen > 0);

        var revised = await s.ApproveAsync(revision.Id);

        Assert.Equal(reconsulted.ObligationsOpened + stillOpen, revised.ObligationsCancelled);
        Assert.Equal(0, (await ObligationsAsync(s, $"planId={s.Plan.Id}&status=Open")).Total);
        Assert.Equal(0, (await ObligationsAsync(s, $"planId={revision.Id}&subject=Consultation&status=Open")).Total);
    }

    [Fact]
    public async Task Approving_a_revision_carries_over_the_reports_answered_under_the_superseded_version()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        var task = await s.AddTaskAsync();
        await s.ConsultAsync();
        var first = await s.ApproveAsync();
        var answeredValue = (await ObligationsAsync(s, $"subjectId={indicator.Id}&agency={s.Lead}&period=2023-Q2")).Items.Single();
        var answeredTask = (await ObligationsAsync(s, $"subjectId={task.Id}&agency={s.Lead}&period=2023-Q1")).Items.Single();
        await app.DeliverAsync(new SubmissionAccepted(Guid.NewGuid(), answeredValue.Id, s.Lead, 1, ObligationSubject.Indicator,
            indicator.Id, "2023-Q2", new IndicatorValue(Numerator: 40, Denominator: 100), null, true, DateTimeOffset.UtcNow));
        await app.DeliverAsync(new SubmissionAccepted(Guid.NewGuid(), answeredTask.Id, s.Lead, 1, ObligationSubject.Task, task.Id,
            "2023-Q1", null, new TaskProgress(TaskProgressStatus.InProgress, 30, "Đã khảo sát"), true, DateTimeOffset.UtcNow));

        var revision = await ReviseAsync(s);
        await s.ConsultAsync(revision.Id);
        var revised = await s.ApproveAsync(revision.Id);

        Assert.Equal(first.ObligationsOpened - 2, revised.ObligationsOpened);
        var newIndicator = (await s.Secretariat.GetAsync<PageView<IndicatorView>>($"/api/targets/indicators?planId={revision.Id}")).Items.Single();
        var newTask = (await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={revision.Id}")).Items.Single();

        var carried = (await ObligationsAsync(s, $"subjectId={newIndicator.Id}&agency={s.Lead}&period=2023-Q2")).Items.Single();
        Assert.Equal(answeredValue.Id, carried.Id);
        Assert.Equal(ObligationStatus.Fulfilled, carried.Status);
        Assert.Equal(revision.Id, carried.PlanId);
        var carriedTask = (await ObligationsAsync(s, $"subjectId={newTask.Id}&agency={s.Lead}&period=2023-Q1")).Items.Single();
        Assert.Equal(answeredTask.Id, carriedTask.Id);
        Assert.Equal(ObligationStatus.Fulfilled, carriedTask.Status);

        // What was not answered is owed again under the new version.
        var unanswered = (await ObligationsAsync(s, $"subjectId={newIndicator.Id}&agency={s.Department}&period=2023-Q2")).Items.Single();
        Assert.Equal(ObligationStatus.Open, unanswered.Status);

        var value = (await s.Secretariat.GetAsync<IndicatorValuesView>(
            $"/api/targets/indicators/{newIndicator.Id}/values?period=2023-Q2")).Periods.Single();
        Assert.Equal(40m, value.Value);
        Assert.Equal(1, value.Reported);
        Assert.Equal(2, value.Expected);
        var progress = await s.Secretariat.GetAsync<TaskView>($"/api/targets/tasks/{newTask.Id}");
        Assert.Equal(TaskProgressStatus.InProgress, progress.Status);
        Assert.Equal(30, progress.PercentComplete);

        // A correction accepted later reaches the new version through the same obligation.
        await app.DeliverAsync(new SubmissionAccepted(Guid.NewGuid(), answeredValue.Id, s.Lead, 2, ObligationSubject.Indicator,
            indicator.Id, "2023-Q2", new IndicatorValue(Numerator: 45, Denominator: 100), null, true, DateTimeOffset.UtcNow));
        var corrected = (await s.Secretariat.GetAsync<IndicatorValuesView>(
            $"/api/targets/indicators/{newIndicator.Id}/values?period=2023-Q2")).Periods.Single();
        Assert.Equal(45m, corrected.Value);
    }

    [Fact]
    public async Task Revising_a_version_that_already_has_a_revision_is_a_409()
    {
        var s = await PlanScenario.CreateAsync(app);
        await s.ConsultAsync();
        await s.ApproveAsync();
        await ReviseAsync(s);

        var again = await s.Secretariat.PostAsync($"/api/targets/plans/{s.Plan.Id}/revisions", null, TestContext.Current.CancellationToken);

        await again.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await s.Secretariat.GetAsync<PageView<PlanView>>($"/api/targets/plans?code={s.Plan.Code}")).Total);
    }

    [Fact]
    public async Task Editing_an_approved_plan_is_a_409_and_changes_nothing()
    {
        var s = await PlanScenario.CreateAsync(app);
        await s.ConsultAsync();
        await s.ApproveAsync();

        var response = await s.Secretariat.PutJsonAsync($"/api/targets/plans/{s.Plan.Id}",
            new { title = "Kế hoạch đã sửa", startYear = 2023, endYear = 2024 });

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Approved", problem.GetProperty("currentState").GetString());
        var plan = await s.Secretariat.GetAsync<PlanView>($"/api/targets/plans/{s.Plan.Id}");
        Assert.Equal(s.Plan.Title, plan.Title);
        Assert.Equal(2023, plan.EndYear);
    }
}
