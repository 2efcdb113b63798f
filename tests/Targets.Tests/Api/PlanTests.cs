using System.Net;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

public sealed class PlanTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    Task<int> CountAsync(string where) => app.Database.ScalarAsync<int>($"SELECT count(*)::int FROM obligations WHERE {where}");

    [Fact]
    public async Task Approving_a_plan_creates_one_obligation_per_agency_and_period()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();

        var approved = await s.ApproveAsync();

        Assert.Equal(PlanStatus.Approved, approved.Plan.Status);
        Assert.Equal(2 * 4, approved.ObligationsOpened);
        Assert.Equal(8, await CountAsync($"subject_id = '{indicator.Id}'"));
        Assert.Equal(1, await CountAsync($"subject_id = '{indicator.Id}' AND agency_code = '{s.Department}' AND period = '2023-Q3'"));
        var events = await Eventually.Until(
            () => Task.FromResult(app.Bus.All<ObligationOpened>().Where(e => e.SubjectId == indicator.Id).ToList()),
            e => e.Count == 8);
        Assert.All(events, e => Assert.Equal(Measure.Ratio, e.Measure));
        Assert.Contains(events, e => e.AgencyCode == s.Lead && e.Period == "2023-Q1"
            && e.DueAt == new DateTimeOffset(2023, 4, 15, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990));
    }

    [Fact]
    public async Task Approving_twice_is_refused_and_creates_no_duplicates()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();

        var again = await s.Secretariat.PostAsync($"/api/targets/plans/{s.Plan.Id}/approve", null, TestContext.Current.CancellationToken);

        var problem = await again.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Approved", problem.GetProperty("currentState").GetString());
        Assert.Equal(8, await CountAsync($"subject_id = '{indicator.Id}'"));
    }

    [Fact]
    public async Task Two_approvals_racing_approve_once_and_create_each_obligation_once()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.Client().PostAsync($"/api/targets/plans/{s.Plan.Id}/approve", null, TestContext.Current.CancellationToken)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(8, await CountAsync($"subject_id = '{indicator.Id}'"));
    }

    [Fact]
    public async Task Approving_a_draft_that_was_never_consulted_is_a_409_naming_both_states()
    {
        var s = await PlanScenario.CreateAsync(app);

        var response = await s.Secretariat.PostAsync($"/api/targets/plans/{s.Plan.Id}/approve", null, TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Draft", problem.GetProperty("currentState").GetString());
        Assert.Equal("Approved", problem.GetProperty("requestedState").GetString());
    }

    [Fact]
    public async Task Opening_a_consultation_asks_each_named_agency_for_feedback_by_the_deadline()
    {
        var s = await PlanScenario.CreateAsync(app);

        var consulted = await s.ConsultAsync();

        Assert.Equal(PlanStatus.InConsultation, consulted.Plan.Status);
        Assert.Equal(2, consulted.ObligationsOpened);
        var page = await s.Secretariat.GetAsync<PageView<ObligationView>>($"/api/targets/obligations?planId={s.Plan.Id}&subject=Consultation");
        Assert.Equal(new[] { s.Department, s.District }.Order(), page.Items.Select(o => o.AgencyCode).Order());
        Assert.All(page.Items, o => Assert.Equal(new DateTimeOffset(2023, 3, 31, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), o.DueAt));

        var twice = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/consultation",
            new { agencies = new[] { s.Lead }, deadline = "2023-04-30" });
        await twice.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_approved_plans_indicators_and_tasks_cannot_be_edited()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();

        var addIndicator = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/indicators", new { code = "CQS-09" });
        var editIndicator = await s.Secretariat.PutJsonAsync($"/api/targets/indicators/{indicator.Id}", new { code = "CQS-01" });
        var addTask = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/tasks", new { code = "NV-09" });

        Assert.Equal("EditIndicators", (await addIndicator.ReadProblemAsync(HttpStatusCode.Conflict)).GetProperty("requestedState").GetString());
        await editIndicator.ReadProblemAsync(HttpStatusCode.Conflict);
        await addTask.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Approving_a_revision_supersedes_the_old_version_and_cancels_its_open_obligations()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();

        var revision = await (await s.Secretariat.PostAsync($"/api/targets/plans/{s.Plan.Id}/revisions", null,
            TestContext.Current.CancellationToken)).ReadAsync<PlanView>(HttpStatusCode.Created);
        Assert.Equal(2, revision.Version);
        Assert.Equal(PlanStatus.Draft, revision.Status);
        var copied = await s.Secretariat.GetAsync<PageView<IndicatorView>>($"/api/targets/indicators?planId={revision.Id}");
        Assert.Equal("CQS-01", Assert.Single(copied.Items).Code);

        await s.ConsultAsync(revision.Id);
        var approved = await s.ApproveAsync(revision.Id);

        Assert.Equal(8, approved.ObligationsOpened);
        var old = await s.Secretariat.GetAsync<PlanView>($"/api/targets/plans/{s.Plan.Id}");
        Assert.Equal(PlanStatus.Superseded, old.Status);
        Assert.Equal(8, await CountAsync($"subject_id = '{indicator.Id}' AND status = 'Cancelled'"));
        await Eventually.Until(() => Task.FromResult(app.Bus.All<ObligationCancelled>()
            .Count(e => e.AgencyCode == s.Lead || e.AgencyCode == s.Department) >= 8));
        Assert.Equal(PlanStatus.Approved, (await s.Secretariat.GetAsync<PlanView>($"/api/targets/plans/{revision.Id}")).Status);
    }

    [Fact]
    public async Task Moving_a_task_due_date_publishes_ObligationRescheduled_for_its_open_reports()
    {
        var s = await PlanScenario.CreateAsync(app);
        var task = await s.AddTaskAsync(due: "2023-09-30");
        await s.ConsultAsync();
        var approved = await s.ApproveAsync();
        Assert.Equal(2 * 3, approved.ObligationsOpened); // Q1, Q2 and the final report, for owner and co-owner

        var moved = await (await s.Secretariat.PutJsonAsync($"/api/targets/tasks/{task.Id}/due-date", new { dueDate = "2023-09-15" }))
            .ReadAsync<TaskRescheduledView>();

        Assert.Equal(2, moved.ObligationsRescheduled);
        var events = await Eventually.Until(() => Task.FromResult(app.Bus.All<ObligationRescheduled>()
            .Where(e => e.AgencyCode == s.Lead || e.AgencyCode == s.Department).ToList()), e => e.Count == 2);
        Assert.All(events, e =>
        {
            Assert.Equal(new DateTimeOffset(2023, 9, 30, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), e.PreviousDueAt);
            Assert.Equal(new DateTimeOffset(2023, 9, 15, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), e.DueAt);
        });
    }

    [Fact]
    public async Task Shortening_a_task_cancels_the_progress_reports_that_would_now_fall_after_it()
    {
        var s = await PlanScenario.CreateAsync(app);
        var task = await s.AddTaskAsync(due: "2023-09-30");
        await s.ConsultAsync();
        await s.ApproveAsync();
        var reports = (await s.Secretariat.GetAsync<PageView<ObligationView>>($"/api/targets/obligations?subjectId={task.Id}")).Items;
        var third = reports.Where(o => o.Period == "2023-Q3").Select(o => o.Id).ToList();
        Assert.NotEmpty(third);

        var moved = await (await s.Secretariat.PutJsonAsync($"/api/targets/tasks/{task.Id}/due-date", new { dueDate = "2023-06-15" }))
            .ReadAsync<TaskRescheduledView>();

        Assert.Equal(third.Count, moved.ObligationsCancelled);
        Assert.Equal(0, moved.ObligationsOpened);
        foreach (var id in third)
            Assert.Equal(ObligationStatus.Cancelled, (await s.Secretariat.GetAsync<ObligationView>($"/api/targets/obligations/{id}")).Status);
        await Eventually.Until(() => Task.FromResult(third.All(id => app.Bus.All<ObligationCancelled>().Any(e => e.ObligationId == id))),
            because: "each cancelled report is published");
        // The quarter that now holds the due date owes the final report, due on it.
        var final = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={task.Id}&period=2023-Q2")).Items;
        Assert.All(final, o => Assert.Equal(new DateTimeOffset(2023, 6, 15, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), o.DueAt));
    }

    [Fact]
    public async Task A_task_takes_its_status_from_the_latest_accepted_progress_report()
    {
        var s = await PlanScenario.CreateAsync(app);
        var task = await s.AddTaskAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        var obligation = (await s.Secretariat.GetAsync<PageView<ObligationView>>($"/api/targets/obligations?subjectId={task.Id}&agency={s.Lead}")).Items[0];
        var at = DateTimeOffset.UtcNow;

        await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), obligation.Id, s.Lead, 2, ObligationSubject.Task, task.Id,
            obligation.Period, null, new TaskProgress(TaskProgressStatus.InProgress, 60, "Đã hoàn thành khảo sát"), true, at));
        await Eventually.Until(async () => (await s.Secretariat.GetAsync<TaskView>($"/api/targets/tasks/{task.Id}")).Status is not null);

        // An earlier report accepted late must not overwrite the later one.
        var applied = await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM inbox_messages");
        await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), obligation.Id, s.Lead, 1, ObligationSubject.Task, task.Id,
            obligation.Period, null, new TaskProgress(TaskProgressStatus.NotStarted, 0, null), true, at.AddMinutes(-5)));
        await Eventually.Until(async () => await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM inbox_messages") > applied);

        var updated = await s.Secretariat.GetAsync<TaskView>($"/api/targets/tasks/{task.Id}");
        Assert.Equal(TaskProgressStatus.InProgress, updated.Status);
        Assert.Equal(60, updated.PercentComplete);
    }

    [Fact]
    public async Task The_province_value_sums_numerators_over_denominators_of_the_latest_accepted_revisions_and_shows_the_reporting_share()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        var obligations = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={indicator.Id}&period=2023-Q2")).Items;
        var lead = obligations.Single(o => o.AgencyCode == s.Lead);
        var submission = Guid.NewGuid();

        await app.Bus.PublishAsync(new SubmissionAccepted(submission, lead.Id, s.Lead, 1, ObligationSubject.Indicator, indicator.Id,
            "2023-Q2", new IndicatorValue(Numerator: 10, Denominator: 100), null, true, DateTimeOffset.UtcNow));
        var half = await Eventually.Until(
            () => s.Secretariat.GetAsync<IndicatorValuesView>($"/api/targets/indicators/{indicator.Id}/values?period=2023-Q2"),
            v => v.Periods.Single().Reported == 1);
        Assert.Equal(10m, half.Periods[0].Value);
        Assert.Equal(0.5m, half.Periods[0].ReportingShare);
        Assert.False(half.Periods[0].Complete);

        // A corrected revision replaces the first; the other agency's report completes the picture.
        await app.Bus.PublishAsync(new SubmissionAccepted(submission, lead.Id, s.Lead, 2, ObligationSubject.Indicator, indicator.Id,
            "2023-Q2", new IndicatorValue(Numerator: 50, Denominator: 100), null, true, DateTimeOffset.UtcNow));
        var other = obligations.Single(o => o.AgencyCode == s.Department);
        await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), other.Id, s.Department, 1, ObligationSubject.Indicator,
            indicator.Id, "2023-Q2", new IndicatorValue(Numerator: 30, Denominator: 300), null, false, DateTimeOffset.UtcNow));

        var full = await Eventually.Until(
            () => s.Secretariat.GetAsync<IndicatorValuesView>($"/api/targets/indicators/{indicator.Id}/values?period=2023-Q2"),
            v => v.Periods.Single().Reported == 2 && v.Periods.Single().Numerator == 80);
        Assert.Equal(20m, full.Periods[0].Value); // (50 + 30) / (100 + 300)
        Assert.Equal(1m, full.Periods[0].ReportingShare);
        Assert.True(full.Periods[0].Complete);
    }

    [Fact]
    public async Task A_viewer_reads_plans_but_cannot_approve_them()
    {
        var s = await PlanScenario.CreateAsync(app);
        var viewer = app.Client(DxRoles.Viewer);
        Assert.Equal(s.Plan.Id, (await viewer.GetAsync<PlanView>($"/api/targets/plans/{s.Plan.Id}")).Id);
        var response = await viewer.PostAsync($"/api/targets/plans/{s.Plan.Id}/approve", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_task_with_a_negative_budget_or_due_before_start_is_a_400_and_stores_nothing()
    {
        var s = await PlanScenario.CreateAsync(app);
        var response = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/tasks", new
        {
            code = "NV-01", title = "x", pillarCode = "CQS", ownerCode = s.Lead,
            startDate = "2023-05-01", dueDate = "2023-04-30", budgetVnd = -1,
        });
        var errors = (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("budgetVnd", out _));
        Assert.True(errors.TryGetProperty("dueDate", out _));
        Assert.Equal(0, await app.Database.ScalarAsync<int>($"SELECT count(*)::int FROM tasks WHERE plan_id = '{s.Plan.Id}'"));
    }

    [Fact]
    public async Task A_ratio_indicator_without_labels_or_with_an_unknown_pillar_is_a_400()
    {
        var s = await PlanScenario.CreateAsync(app);
        var response = await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/indicators", new
        {
            code = "CQS-01", pillarCode = "ABC", name = "x", measure = "Ratio", targetValue = 100, targetDate = "2023-12-31",
            leadAgencyCode = s.Lead, reportingAgencies = new[] { s.Lead }, frequency = "Quarterly",
        });
        var errors = (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pillarCode", out _));
        Assert.True(errors.TryGetProperty("numeratorLabel", out _));
    }

    [Fact]
    public async Task The_dashboard_shows_each_agencys_overdue_reports_and_each_indicators_latest_value_against_its_target()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        var q4 = (await s.Secretariat.GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={indicator.Id}&period=2023-Q4&agency={s.Lead}")).Items.Single();

        await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), q4.Id, s.Lead, 1, ObligationSubject.Indicator, indicator.Id,
            "2023-Q4", new IndicatorValue(Numerator: 85, Denominator: 100), null, false, DateTimeOffset.UtcNow));

        var standing = await Eventually.Until(async () =>
                (await app.Client(DxRoles.Viewer).GetAsync<IndicatorStandingsView>("/api/dashboard/indicators"))
                .Indicators.Single(i => i.IndicatorId == indicator.Id),
            i => i.Reported == 1);
        Assert.Equal("2023-Q4", standing.LatestPeriod);
        Assert.Equal(85m, standing.LatestValue);
        Assert.Equal(0.5m, standing.ReportingShare);
        Assert.Equal(DxTrack.Targets.Dashboard.Rag.Amber, standing.Rag);

        var agencies = await app.Client(DxRoles.Viewer).GetAsync<AgencyStandingsView>("/api/dashboard/agencies");
        var lead = agencies.Agencies.Single(a => a.AgencyCode == s.Lead);
        Assert.Equal(4, lead.FellDue); // every 2023 quarter has long passed
        Assert.Equal(1, lead.FulfilledOfDue);
        Assert.Equal(3, lead.Overdue);
        Assert.Equal(0.25m, lead.Completeness);
    }
}
