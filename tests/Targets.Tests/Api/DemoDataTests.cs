using DxTrack.Targets.Plans;
using DxTrack.Targets.Seed;
using DxTrack.Targets.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Targets.Tests.Api;

public sealed class SeededApp : TargetsApp
{
    protected override bool SeedDemoData => true;
}

public sealed class DemoDataTests(SeededApp app) : IClassFixture<SeededApp>
{
    async Task<(int Agencies, int Plans, int Obligations, int Outbox)> CountsAsync() => (
        await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM agencies"),
        await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM plans"),
        await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM obligations"),
        await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM outbox_messages"));

    [Fact]
    public async Task The_demo_loader_is_idempotent()
    {
        var before = await CountsAsync();
        Assert.Equal(DemoData.Agencies.Length, before.Agencies);
        Assert.Equal(2, before.Plans);
        Assert.True(before.Obligations > 0);

        await using var scope = app.Services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new DemoLoadResult(0, 0, 0), again);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_demo_plans_are_approved_with_Vietnamese_text_intact_and_the_April_2023_tasks()
    {
        var plans = await app.Client().GetAsync<PageView<PlanView>>("/api/targets/plans");
        Assert.All(plans.Items, p => Assert.Equal(PlanStatus.Approved, p.Status));
        Assert.Contains(plans.Items, p => p.Title == "Kế hoạch chuyển đổi số tỉnh Bắc Kạn giai đoạn 2022 - 2025" && p.Kind == "MultiYear");
        var annual = plans.Items.Single(p => p.Code == "KH-CDS-2023");

        var tasks = await app.Client().GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={annual.Id}&urgent=true");
        Assert.Contains(tasks.Items, t => t.DueDate == new DateOnly(2023, 4, 30));
        var agency = await app.Client().GetAsync<AgencyView>("/api/targets/agencies/H-PACNAM");
        Assert.Equal("UBND huyện Pác Nặm", agency.Name);
        Assert.StartsWith("+84", agency.Contacts[0].Phone);

        var summary = await app.Client().GetAsync<SummaryView>("/api/dashboard/summary");
        Assert.Equal(2, summary.ApprovedPlans);
        Assert.Equal(8, summary.Indicators);
    }
}
