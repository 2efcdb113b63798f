using System.Net;

namespace DxTrack.Targets.Tests.Support;

/// <summary>A fresh set of agencies and a draft annual plan for 2023, each test with its own codes.</summary>
public sealed class PlanScenario(TargetsApp app)
{
    public string Lead { get; } = Builders.UniqueCode("SO");
    public string Department { get; } = Builders.UniqueCode("SO");
    public string District { get; } = Builders.UniqueCode("H");
    public PlanView Plan { get; private set; } = null!;

    public HttpClient Secretariat => app.Client();

    public static async Task<PlanScenario> CreateAsync(TargetsApp app, DateOnly? startsOn = null, int year = 2023, int? endYear = null)
    {
        var s = new PlanScenario(app);
        foreach (var (code, kind) in new[] { (s.Lead, "Department"), (s.Department, "Department"), (s.District, "District") })
            await (await s.Secretariat.PostJsonAsync("/api/targets/agencies", Builders.Agency(code, kind))).ReadAsync<AgencyView>(HttpStatusCode.Created);
        s.Plan = await (await s.Secretariat.PostJsonAsync("/api/targets/plans", new
        {
            code = Builders.UniqueCode("KH"),
            title = "Kế hoạch chuyển đổi số năm 2023",
            startYear = year,
            endYear = endYear ?? year,
            startsOn,
        })).ReadAsync<PlanView>(HttpStatusCode.Created);
        return s;
    }

    public async Task<IndicatorView> AddQuarterlyIndicatorAsync(string code = "CQS-01", string measure = "Ratio", string pillar = "CQS") =>
        await (await Secretariat.PostJsonAsync($"/api/targets/plans/{Plan.Id}/indicators", new
        {
            code,
            pillarCode = pillar,
            name = "Tỷ lệ TTHC đủ điều kiện được cung cấp DVCTT toàn trình",
            measure,
            numeratorLabel = "Số TTHC cung cấp DVCTT toàn trình",
            denominatorLabel = "Số TTHC đủ điều kiện",
            targetValue = measure == "Milestone" ? 1 : 100,
            targetDate = "2023-12-31",
            direction = "Increase",
            leadAgencyCode = Lead,
            reportingAgencies = new[] { Lead, Department },
            frequency = "Quarterly",
            dueOffsetDays = 15,
        })).ReadAsync<IndicatorView>(HttpStatusCode.Created);

    public async Task<TaskView> AddTaskAsync(string due = "2023-09-30", string code = "NV-01", string pillar = "CQS") =>
        await (await Secretariat.PostJsonAsync($"/api/targets/plans/{Plan.Id}/tasks", new
        {
            code,
            title = "Hợp nhất Cổng Thông tin giải quyết TTHC của tỉnh",
            pillarCode = pillar,
            ownerCode = Lead,
            coOwnerCodes = new[] { Department },
            startDate = "2023-03-07",
            dueDate = due,
            budgetVnd = 2_500_000_000m,
            fundingSource = "Ngân sách tỉnh",
            urgent = true,
        })).ReadAsync<TaskView>(HttpStatusCode.Created);

    public async Task<TransitionView> ConsultAsync(Guid? planId = null) =>
        await (await Secretariat.PostJsonAsync($"/api/targets/plans/{planId ?? Plan.Id}/consultation", new
        {
            agencies = new[] { Department, District },
            deadline = "2023-03-31",
        })).ReadAsync<TransitionView>();

    public async Task<TransitionView> ApproveAsync(Guid? planId = null) =>
        await (await Secretariat.PostAsync($"/api/targets/plans/{planId ?? Plan.Id}/approve", null, TestContext.Current.CancellationToken))
            .ReadAsync<TransitionView>();
}
