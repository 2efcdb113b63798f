using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

/// <summary>The overview, drill-downs and exports on a real approved plan, with values arriving as events.</summary>
public sealed class DashboardOverviewTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    HttpClient Viewer => app.Client(DxRoles.Viewer);

    /// <summary>An approved 2023 plan with one quarterly ratio indicator (target 100 %) reported by two agencies, and one task.</summary>
    async Task<(PlanScenario Plan, IndicatorView Indicator, TaskView Task)> ApprovedPlanAsync()
    {
        var s = await PlanScenario.CreateAsync(app);
        var indicator = await s.AddQuarterlyIndicatorAsync();
        var task = await s.AddTaskAsync();
        await s.ConsultAsync();
        await s.ApproveAsync();
        return (s, indicator, task);
    }

    async Task<ObligationView> ObligationAsync(Guid subjectId, string period, string agency) =>
        (await app.Client().GetAsync<PageView<ObligationView>>($"/api/targets/obligations?subjectId={subjectId}&period={period}&agency={agency}"))
        .Items.Single();

    async Task AcceptAsync(Guid indicatorId, string period, string agency, decimal numerator, decimal denominator, int revision = 1)
    {
        var obligation = await ObligationAsync(indicatorId, period, agency);
        await app.Bus.PublishAsync(new SubmissionAccepted(Guid.NewGuid(), obligation.Id, agency, revision, ObligationSubject.Indicator,
            indicatorId, period, new IndicatorValue(Numerator: numerator, Denominator: denominator), null, false, DateTimeOffset.UtcNow));
    }

    static IndicatorOverviewView Find(OverviewView overview, Guid id) =>
        overview.Pillars.SelectMany(p => p.Indicators).Single(i => i.IndicatorId == id);

    Task<OverviewView> OverviewUntil(Func<OverviewView, bool> condition, string because) =>
        Eventually.Until(() => Viewer.GetAsync<OverviewView>("/api/dashboard/overview"), condition, because: because);

    [Fact]
    public async Task The_overview_aggregates_accepted_values_and_rates_them_against_the_line_to_the_target()
    {
        var (s, indicator, task) = await ApprovedPlanAsync();

        var before = Find(await Viewer.GetAsync<OverviewView>("/api/dashboard/overview"), indicator.Id);
        Assert.Equal(IndicatorStatus.NoData, before.Status);
        Assert.Equal(100m, before.ExpectedToday); // the target date (end of 2023) has passed
        Assert.Equal(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"], before.Trend.Select(t => t.Period));

        await AcceptAsync(indicator.Id, "2023-Q2", s.Lead, 30, 100);
        await AcceptAsync(indicator.Id, "2023-Q4", s.Lead, 85, 100);
        await AcceptAsync(indicator.Id, "2023-Q4", s.Department, 60, 100);

        var overview = await OverviewUntil(o => Find(o, indicator.Id).Reported == 2, "the accepted values reach the overview");
        var figure = Find(overview, indicator.Id);
        Assert.Equal("2023-Q4", figure.LatestPeriod);
        Assert.Equal(72.5m, figure.LatestValue);            // Σnumerator / Σdenominator = 145 / 200
        Assert.Equal(IndicatorStatus.AtRisk, figure.Status); // progress 0.725: at or above 0.7, below 0.9
        Assert.Equal(0.725m, figure.Progress);
        Assert.Equal(1m, figure.ReportingShare);
        Assert.Equal([null, 30m, null, 72.5m], figure.Trend.Select(t => t.Value));
        Assert.Equal(100m, figure.Trend[^1].Expected);
        Assert.Equal(new ThresholdsView(0.9m, 0.7m), overview.Thresholds);
        var pillar = overview.Pillars.Single(p => p.Code == "CQS");
        Assert.Equal("Chính quyền số", pillar.Name);
        Assert.True(pillar.AtRisk >= 1);

        // The task fell due on 30 September 2023 without an accepted report.
        var overdue = Assert.Single(overview.Tasks.Overdue, t => t.TaskId == task.Id);
        Assert.Equal(s.Lead, overdue.OwnerCode);
        Assert.Equal(OverviewQueries.NotReported, overdue.Status);
        Assert.True(overview.Tasks.ByStatus.Single(b => b.Status == OverviewQueries.NotReported).Count >= 1);

        // The lead answered 2 of its 4 quarters (late: accepted now), the department 1: the lead ranks higher.
        var lead = overview.Agencies.Single(a => a.AgencyCode == s.Lead);
        var department = overview.Agencies.Single(a => a.AgencyCode == s.Department);
        Assert.True(lead.Rank < department.Rank, $"lead #{lead.Rank}, department #{department.Rank}");
        Assert.Equal(0m, lead.Timeliness);
        Assert.True(overview.Reporting.AgenciesOwing >= 2);
    }

    [Fact]
    public async Task An_accepted_report_evicts_exactly_the_views_it_changes_and_the_next_read_shows_it()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q1", s.Lead, 10, 100);
        await OverviewUntil(o => Find(o, indicator.Id).Reported == 1, "the first value arrives");

        // Fill the cache: the overview, both agencies' drill-downs and the indicator's.
        await Viewer.GetAsync<OverviewView>("/api/dashboard/overview");
        await Viewer.GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{s.Lead}");
        await Viewer.GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{s.District}");
        await Viewer.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}");
        var redis = app.Redis!.GetDatabase();
        string Key(string view) => app.RedisPrefix + "dashboard:" + view;
        Assert.True(await redis.KeyExistsAsync(Key("overview")));
        Assert.True(await redis.KeyExistsAsync(Key("agency:" + s.District)));

        await AcceptAsync(indicator.Id, "2023-Q1", s.Department, 30, 100);

        var overview = await OverviewUntil(o => Find(o, indicator.Id).Reported == 2, "the event evicts the cached overview");
        Assert.Equal(20m, Find(overview, indicator.Id).LatestValue);
        var drill = await Viewer.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}");
        Assert.Equal(20m, drill.Periods.Single(p => p.Period == "2023-Q1").ProvinceValue);
        var department = await Viewer.GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{s.Department}");
        Assert.Equal(30m, Assert.Single(department.Reports).Value);
        // The district reports nothing on this indicator: its drill-down was left in Redis.
        Assert.True(await redis.KeyExistsAsync(Key("agency:" + s.District)), "an unaffected drill-down stays cached");
    }

    [Fact]
    public async Task The_indicator_drill_down_shows_the_series_and_each_agencys_value_per_period()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q3", s.Lead, 45, 50);
        var drill = await Eventually.Until(() => Viewer.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}"),
            d => d.Indicator.Reported == 1, because: "the value reaches the drill-down");

        Assert.Equal("2023-Q4", drill.Periods[0].Period); // newest first
        var q3 = drill.Periods.Single(p => p.Period == "2023-Q3");
        Assert.Equal(90m, q3.ProvinceValue);
        Assert.Equal(2, q3.Expected);
        var lead = q3.Agencies.Single(a => a.AgencyCode == s.Lead);
        Assert.Equal(90m, lead.Value);
        Assert.Equal(1, lead.Revision);
        Assert.Equal(DxTrack.Targets.Obligations.ObligationStatus.Fulfilled, lead.ObligationStatus);
        var department = q3.Agencies.Single(a => a.AgencyCode == s.Department);
        Assert.Null(department.Value);
        Assert.Equal(DxTrack.Targets.Obligations.ObligationStatus.Open, department.ObligationStatus);
    }

    [Fact]
    public async Task The_agency_drill_down_lists_obligations_reports_tasks_and_compliance_and_a_reporter_sees_only_its_own()
    {
        var (s, indicator, task) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q1", s.Lead, 50, 100);
        var drill = await Eventually.Until(() => Viewer.GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{s.Lead}"),
            d => d.Reports.Count == 1, because: "the value reaches the agency drill-down");

        Assert.Equal(50m, drill.Reports[0].Value);
        Assert.Contains(drill.Obligations, o => o.SubjectCode == "CQS-01" && o.Period == "2023-Q1" && o.OnTime == false);
        Assert.Equal(drill.Obligations.Count(o => o.Status != DxTrack.Targets.Obligations.ObligationStatus.Cancelled), drill.Compliance.FellDue);
        Assert.Equal(1, drill.Compliance.Fulfilled);
        Assert.Equal(Math.Round(1m / drill.Compliance.FellDue, 4), drill.Compliance.Completeness);
        Assert.Contains(drill.Tasks, t => t.Code == task.Code && t.Owner && t.Overdue);

        Assert.Equal(HttpStatusCode.OK,
            (await app.Client(DxRoles.Reporter, s.Lead).GetAsync($"/api/dashboard/agencies/{s.Lead}", Ct)).StatusCode);
        var foreign = await app.Client(DxRoles.Reporter, s.Department).GetAsync($"/api/dashboard/agencies/{s.Lead}", Ct);
        Assert.True(foreign.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{foreign.StatusCode}");
        var foreignExport = await app.Client(DxRoles.Reporter, s.Department).GetAsync($"/api/dashboard/agencies/{s.Lead}/export?format=csv", Ct);
        Assert.True(foreignExport.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{foreignExport.StatusCode}");
    }

    [Fact]
    public async Task A_reporter_sees_the_province_figures_of_an_indicator_but_only_its_own_agencys_rows()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q3", s.Lead, 45, 50);
        await AcceptAsync(indicator.Id, "2023-Q3", s.Department, 10, 50);
        await Eventually.Until(() => Viewer.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}"),
            d => d.Indicator.Reported == 2, because: "the values reach the drill-down");

        var own = await app.Client(DxRoles.Reporter, s.Department).GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}");
        var q3 = own.Periods.Single(p => p.Period == "2023-Q3");
        Assert.Equal(55m, q3.ProvinceValue);
        Assert.Equal([s.Department], q3.Agencies.Select(a => a.AgencyCode));
        var export = await app.Client(DxRoles.Reporter, s.Department).GetStringAsync($"/api/dashboard/indicators/{indicator.Id}/export?format=csv", Ct);
        Assert.Contains($"2023-Q3,{s.Department},", export);
        Assert.DoesNotContain($"2023-Q3,{s.Lead},", export); // the lead agency is named as such, its figures are not shown
    }

    [Fact]
    public async Task Many_readers_of_an_uncached_drill_down_share_one_computation()
    {
        var (s, _, _) = await ApprovedPlanAsync();
        await app.Redis!.GetDatabase().KeyDeleteAsync(app.RedisPrefix + "dashboard:agency:" + s.Lead);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Viewer.GetAsync<ComputedAtView>($"/api/dashboard/agencies/{s.Lead}")));

        Assert.Single(answers.Select(a => a.ComputedAt).Distinct());
    }

    sealed record ComputedAtView(DateTimeOffset ComputedAt);

    [Theory]
    [InlineData("/api/dashboard/overview")]
    [InlineData("/api/dashboard/summary")]
    [InlineData("/api/dashboard/overview/export?format=csv")]
    [InlineData("/api/dashboard/overview/export?format=xlsx")]
    public async Task A_client_polling_an_unchanged_view_gets_304_with_its_ETag(string url)
    {
        var first = await Viewer.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await Viewer.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);

        var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-the-current-one\""));
        Assert.Equal(HttpStatusCode.OK, (await Viewer.SendAsync(stale, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_change_gives_the_overview_a_new_ETag()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        var before = (await Viewer.GetAsync("/api/dashboard/overview", Ct)).Headers.ETag!;
        await AcceptAsync(indicator.Id, "2023-Q2", s.Lead, 1, 2);

        await Eventually.Until(async () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/overview");
            request.Headers.IfNoneMatch.Add(before);
            return await Viewer.SendAsync(request, Ct);
        }, r => r.StatusCode == HttpStatusCode.OK && r.Headers.ETag != before, because: "the new value changes the overview's tag");
    }

    [Fact]
    public async Task The_CSV_export_is_UTF8_with_a_byte_order_mark_and_keeps_the_Vietnamese_text()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q4", s.Lead, 85, 100);
        await AcceptAsync(indicator.Id, "2023-Q4", s.Department, 60, 100);
        await OverviewUntil(o => Find(o, indicator.Id).Reported == 2, "the values reach the overview");

        var response = await Viewer.GetAsync("/api/dashboard/overview/export?format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = rows.First(r => r.Contains("Mã chỉ tiêu") && r.Contains("Trạng thái"));
        var row = rows.Single(r => r.Count == header.Count && r.Contains(s.Plan.Code) && r[header.IndexOf("Mã chỉ tiêu")] == "CQS-01");
        Assert.Equal("Tỷ lệ TTHC đủ điều kiện được cung cấp DVCTT toàn trình", row[header.IndexOf("Tên chỉ tiêu")]);
        Assert.Equal("Có nguy cơ chậm", row[header.IndexOf("Trạng thái")]);
        Assert.Equal("72.5", row[header.IndexOf("Giá trị gần nhất")]);
        Assert.Equal("Chính quyền số", row[header.IndexOf("Trụ cột")]);
        Assert.Contains(rows, r => r.Contains("Xếp hạng đơn vị"));

        var agency = await Viewer.GetAsync($"/api/dashboard/agencies/{s.Lead}/export?format=csv", Ct);
        var agencyRows = ParseCsv(Encoding.UTF8.GetString(await agency.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF'));
        Assert.Contains(agencyRows, r => r.Contains("Hợp nhất Cổng Thông tin giải quyết TTHC của tỉnh") && r.Contains("Chủ trì"));
    }

    [Fact]
    public async Task The_XLSX_export_has_a_worksheet_per_table_with_the_Vietnamese_text_and_numbers_intact()
    {
        var (s, indicator, _) = await ApprovedPlanAsync();
        await AcceptAsync(indicator.Id, "2023-Q4", s.Lead, 85, 100);
        await Eventually.Until(() => Viewer.GetAsync<IndicatorDrillDownView>($"/api/dashboard/indicators/{indicator.Id}"),
            d => d.Indicator.Reported == 1, because: "the value reaches the drill-down");

        foreach (var url in new[] { "/api/dashboard/overview/export?format=xlsx", $"/api/dashboard/indicators/{indicator.Id}/export?format=XLSX" })
        {
            var response = await Viewer.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(DashboardExports.XlsxType, response.Content.Headers.ContentType?.MediaType);
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart!;
            var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToDictionary(sh => sh.Name!.Value!,
                sh => ((WorksheetPart)workbook.GetPartById(sh.Id!.Value!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
                    .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList());

            if (url.Contains("overview"))
            {
                Assert.Contains("Chỉ tiêu", sheets.Keys);
                Assert.Contains("Xếp hạng đơn vị", sheets.Keys);
                var table = sheets["Chỉ tiêu"];
                var row = table.Single(r => r.Contains(s.Plan.Code) && r.Contains("CQS-01"));
                Assert.Contains("Tỷ lệ TTHC đủ điều kiện được cung cấp DVCTT toàn trình", row);
                Assert.Contains("Có nguy cơ chậm", row); // 85 % of a 100 % target: progress 0.85
                Assert.Equal("85", row[table[0].IndexOf("Giá trị gần nhất")]);
            }
            else
            {
                var byAgency = sheets["Theo đơn vị"];
                var row = byAgency.Single(r => r.Count > 1 && r[0] == "2023-Q4" && r[1] == s.Lead);
                Assert.Equal("85", row[byAgency[0].IndexOf("Giá trị")]);
                Assert.Contains("Đã nộp", row);
                Assert.Contains(sheets["Chỉ tiêu"], r => r.Contains("Số TTHC cung cấp DVCTT toàn trình"));
            }
        }
    }

    [Theory]
    [InlineData("/api/dashboard/indicators/not-a-guid", HttpStatusCode.BadRequest, "id")]
    [InlineData("/api/dashboard/indicators/not-a-guid/export?format=csv", HttpStatusCode.BadRequest, "id")]
    [InlineData("/api/dashboard/agencies/no%20such%20code!", HttpStatusCode.BadRequest, "agency")]
    [InlineData("/api/dashboard/overview/export?format=pdf", HttpStatusCode.BadRequest, "format")]
    [InlineData("/api/dashboard/overview/export", HttpStatusCode.BadRequest, "format")]
    [InlineData("/api/dashboard/indicators/0193a0c5-0000-7000-8000-000000000000", HttpStatusCode.NotFound, null)]
    [InlineData("/api/dashboard/agencies/NO-SUCH-AGENCY", HttpStatusCode.NotFound, null)]
    [InlineData("/api/dashboard/agencies/NO-SUCH-AGENCY/export?format=xlsx", HttpStatusCode.NotFound, null)]
    public async Task Bad_ids_and_formats_are_problems_naming_the_field(string url, HttpStatusCode status, string? field)
    {
        var problem = await (await Viewer.GetAsync(url, Ct)).ReadProblemAsync(status);
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString().TrimEnd('\r')); field.Clear(); rows.Add(row); row = []; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
