using DxTrack.Contracts;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

public sealed class ListFilterTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task Indicators_and_tasks_are_filtered_by_pillar()
    {
        var s = await PlanScenario.CreateAsync(app);
        var government = await s.AddQuarterlyIndicatorAsync("CQS-01", pillar: "CQS");
        var economy = await s.AddQuarterlyIndicatorAsync("KTS-01", pillar: "KTS");
        var portal = await s.AddTaskAsync(code: "NV-01", pillar: "CQS");
        var skills = await s.AddTaskAsync(code: "NV-02", pillar: "XHS");

        var indicators = await s.Secretariat.GetAsync<PageView<IndicatorView>>($"/api/targets/indicators?planId={s.Plan.Id}&pillar=kts");
        var tasks = await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={s.Plan.Id}&pillar=XHS");
        var governmentTasks = await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={s.Plan.Id}&pillar=CQS");

        Assert.Equal(economy.Id, Assert.Single(indicators.Items).Id);
        Assert.Equal(skills.Id, Assert.Single(tasks.Items).Id);
        Assert.Equal(portal.Id, Assert.Single(governmentTasks.Items).Id);
        var all = await s.Secretariat.GetAsync<PageView<IndicatorView>>($"/api/targets/indicators?planId={s.Plan.Id}");
        Assert.Equal(new[] { government.Id, economy.Id }.Order(), all.Items.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Plans_are_filtered_by_status()
    {
        var draft = await PlanScenario.CreateAsync(app);
        var consulted = await PlanScenario.CreateAsync(app);
        await consulted.ConsultAsync();
        var approved = await PlanScenario.CreateAsync(app);
        await approved.ConsultAsync();
        await approved.ApproveAsync();

        foreach (var (status, plan) in new[] { (PlanStatus.Draft, draft), (PlanStatus.InConsultation, consulted), (PlanStatus.Approved, approved) })
        {
            var page = await app.Client().GetAsync<PageView<PlanView>>($"/api/targets/plans?status={status}&pageSize=200");
            Assert.All(page.Items, p => Assert.Equal(status, p.Status));
            Assert.Contains(page.Items, p => p.Id == plan.Plan.Id);
        }
    }

    [Fact]
    public async Task Tasks_are_filtered_by_the_status_of_their_latest_accepted_progress()
    {
        var s = await PlanScenario.CreateAsync(app);
        var done = await s.AddTaskAsync(code: "NV-01");
        var untouched = await s.AddTaskAsync(code: "NV-02");
        await s.ConsultAsync();
        await s.ApproveAsync();
        var report = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={done.Id}&agency={s.Lead}&period=2023-Q1")).Items.Single();
        await app.DeliverAsync(new SubmissionAccepted(Guid.NewGuid(), report.Id, s.Lead, 1, ObligationSubject.Task, done.Id,
            report.Period, null, new TaskProgress(TaskProgressStatus.Completed, 100, "Đã hoàn thành"), true, DateTimeOffset.UtcNow));

        var completed = await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={s.Plan.Id}&status=Completed");
        var inProgress = await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={s.Plan.Id}&status=InProgress");
        var all = await s.Secretariat.GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={s.Plan.Id}");

        Assert.Equal(done.Id, Assert.Single(completed.Items).Id);
        Assert.Empty(inProgress.Items);
        Assert.Contains(all.Items, t => t.Id == untouched.Id && t.Status is null);
    }
}
