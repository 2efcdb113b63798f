using DxTrack.Contracts;
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

    // The four government targets of the 7 March 2023 meeting, as the loader words them.
    static readonly (string Code, string Name, Measure Measure, decimal Target)[] GovernmentTargets =
    [
        ("CQS-01", "100% thủ tục hành chính có đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công của tỉnh",
            Measure.Ratio, 100),
        ("CQS-02", "50% số dịch vụ công trực tuyến toàn trình của tỉnh được tích hợp với Cổng Dịch vụ công quốc gia", Measure.Ratio, 50),
        ("CQS-03", "100% hồ sơ công việc tại cấp tỉnh, huyện, xã được xử lý trên môi trường mạng (trừ hồ sơ bí mật nhà nước)",
            Measure.Percent, 100),
        ("CQS-04", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính phát sinh tại Bộ phận một cửa các cấp đạt 100%",
            Measure.Ratio, 100),
    ];

    async Task<PlanView> PlanAsync(string code) =>
        (await app.Client().GetAsync<PageView<PlanView>>($"/api/targets/plans?code={code}")).Items.Single();

    [Theory]
    [InlineData("KH-CDS-2023")]
    [InlineData("KH-CDS-2022-2025")]
    public async Task Each_demo_plan_sets_the_four_government_targets_with_their_values(string planCode)
    {
        var plan = await PlanAsync(planCode);

        var indicators = await app.Client().GetAsync<PageView<IndicatorView>>($"/api/targets/indicators?planId={plan.Id}");

        Assert.Equal(GovernmentTargets,
            indicators.Items.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => (i.Code, i.Name, i.Measure, i.TargetValue)));
        Assert.All(indicators.Items, i => Assert.Equal("CQS", i.PillarCode));
    }

    [Fact]
    public async Task The_2023_plan_asks_the_sector_departments_for_their_database_plans_by_the_end_of_April()
    {
        var plan = await PlanAsync("KH-CDS-2023");

        var tasks = await app.Client().GetAsync<PageView<TaskView>>($"/api/targets/tasks?planId={plan.Id}");

        var databases = Assert.Single(tasks.Items, t => t.Title == "Xây dựng kế hoạch về cơ sở dữ liệu của ngành, lĩnh vực");
        Assert.Equal(new DateOnly(2023, 4, 30), databases.DueDate);
        Assert.Equal("STTTT", databases.OwnerCode);
        Assert.Equal(["SGDDT", "SNNPTNT", "SYT"], databases.CoOwnerCodes!.Order(StringComparer.Ordinal));
        Assert.True(databases.Urgent);
        var owed = await app.Client().GetAsync<PageView<ObligationView>>($"/api/targets/obligations?subjectId={databases.Id}&pageSize=200");
        Assert.Equal(["SGDDT", "SNNPTNT", "STTTT", "SYT"], owed.Items.Select(o => o.AgencyCode).Distinct().Order(StringComparer.Ordinal));
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
