using System.Net;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

/// <summary>Dates become periods and deadlines only inside 2000–2100; outside it a request is a 400 naming the field.</summary>
public sealed class DateRangeTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    Task<int> CountAsync(string sql) => app.Database.ScalarAsync<int>(sql);

    static void AssertNames(System.Text.Json.JsonElement problem, params string[] fields)
    {
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task A_plan_ending_in_the_last_supported_year_is_approved_with_that_years_last_quarter()
    {
        var s = await PlanScenario.CreateAsync(app, year: Scheduling.Period.LastYear);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await (await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/consultation",
            new { agencies = new[] { s.Department }, deadline = $"{Scheduling.Period.LastYear}-03-31" })).ReadAsync<TransitionView>();

        var approved = await s.ApproveAsync();

        Assert.Equal(PlanStatus.Approved, approved.Plan.Status);
        Assert.Equal(2 * 4, approved.ObligationsOpened);
        Assert.Equal(2, await CountAsync($"SELECT count(*)::int FROM obligations WHERE subject_id = '{indicator.Id}' AND period = '{Scheduling.Period.LastYear}-Q4'"));
    }

    [Fact]
    public async Task A_consultation_deadline_after_the_supported_years_is_a_400_and_leaves_the_draft_alone()
    {
        var s = await PlanScenario.CreateAsync(app);

        var response = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/consultation",
            new { agencies = new[] { s.Department }, deadline = "2101-01-01" });

        AssertNames(await response.ReadProblemAsync(HttpStatusCode.BadRequest), "deadline");
        Assert.Equal(PlanStatus.Draft, (await s.Secretariat.GetAsync<PlanView>($"/api/targets/plans/{s.Plan.Id}")).Status);
        Assert.Equal(0, await CountAsync($"SELECT count(*)::int FROM obligations WHERE plan_id = '{s.Plan.Id}'"));
    }

    [Fact]
    public async Task Task_dates_outside_the_supported_years_are_a_400_naming_each_and_store_nothing()
    {
        var s = await PlanScenario.CreateAsync(app);
        object Body(string start, string due) => new
        {
            code = "NV-09", title = "Nhiệm vụ", pillarCode = "CQS", ownerCode = s.Lead, startDate = start, dueDate = due,
        };

        var created = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/tasks", Body("1999-12-31", "2101-01-01"));
        AssertNames(await created.ReadProblemAsync(HttpStatusCode.BadRequest), "startDate", "dueDate");
        Assert.Equal(0, await CountAsync($"SELECT count(*)::int FROM tasks WHERE plan_id = '{s.Plan.Id}'"));

        var task = await s.AddTaskAsync();
        var edited = await s.Secretariat.PutJsonAsync($"/api/targets/tasks/{task.Id}", Body("2023-03-07", "9999-12-31"));
        AssertNames(await edited.ReadProblemAsync(HttpStatusCode.BadRequest), "dueDate");
        Assert.Equal(task.DueDate, (await s.Secretariat.GetAsync<TaskView>($"/api/targets/tasks/{task.Id}")).DueDate);
    }

    [Fact]
    public async Task Moving_a_task_due_date_past_the_supported_years_is_a_400_and_moves_nothing()
    {
        var s = await PlanScenario.CreateAsync(app);
        var task = await s.AddTaskAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        var dueAts = $"SELECT count(DISTINCT due_at)::int FROM obligations WHERE subject_id = '{task.Id}'";
        var before = await CountAsync(dueAts);

        var response = await s.Secretariat.PutJsonAsync($"/api/targets/tasks/{task.Id}/due-date", new { dueDate = "2101-01-01" });

        AssertNames(await response.ReadProblemAsync(HttpStatusCode.BadRequest), "dueDate");
        Assert.Equal(task.DueDate, (await s.Secretariat.GetAsync<TaskView>($"/api/targets/tasks/{task.Id}")).DueDate);
        Assert.Equal(before, await CountAsync(dueAts));
        Assert.Equal(0, await CountAsync($"SELECT count(*)::int FROM obligations WHERE subject_id = '{task.Id}' AND status <> 'Open'"));
    }

    [Fact]
    public async Task An_ad_hoc_obligation_due_on_the_last_day_of_the_calendar_is_a_400_and_stores_nothing()
    {
        var code = Builders.UniqueCode();
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code))).ReadAsync<AgencyView>(HttpStatusCode.Created);

        var response = await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code, dueDate: "9999-12-31"));

        AssertNames(await response.ReadProblemAsync(HttpStatusCode.BadRequest), "dueDate");
        Assert.Equal(0, await CountAsync($"SELECT count(*)::int FROM obligations WHERE agency_code = '{code}'"));
    }
}
