using System.Net;
using DxTrack.Contracts;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

public sealed class AgencyTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task Every_change_to_an_agency_publishes_its_whole_state_with_a_higher_version()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));

        var updated = await (await app.Client().PutJsonAsync($"/api/targets/agencies/{code}", new
        {
            name = "Sở Thông tin và Truyền thông tỉnh Bắc Kạn",
            kind = "Department",
            contacts = new object[]
            {
                new { name = "Lô Quang Tuyến", email = "tuyen@stttt.backan.example.gov.vn", phone = "84912345678", isHead = true },
                new { name = "Văn thư", email = "vanthu@stttt.backan.example.gov.vn" },
            },
        })).ReadAsync<AgencyView>();

        Assert.Equal(2, updated.Version);
        var events = await Eventually.Until(() => Task.FromResult(app.Bus.All<AgencyChanged>().Where(e => e.AgencyCode == code).ToList()),
            e => e.Count == 2);
        var latest = events.MaxBy(e => e.Version)!;
        Assert.Equal("Sở Thông tin và Truyền thông tỉnh Bắc Kạn", latest.Name);
        Assert.Equal(2, latest.Contacts.Count);
        Assert.Equal("+84912345678", latest.Contacts[0].Phone);
    }

    [Fact]
    public async Task Deactivating_an_agency_cancels_what_it_still_owes()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var obligation = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);

        var deactivated = await (await app.Client().PostAsync($"/api/targets/agencies/{code}/deactivate", null,
            TestContext.Current.CancellationToken)).ReadAsync<AgencyView>();

        Assert.False(deactivated.IsActive);
        Assert.Equal(ObligationStatus.Cancelled, (await app.Client().GetAsync<ObligationView>($"/api/targets/obligations/{obligation.Id}")).Status);
        await Eventually.Until(() => Task.FromResult(app.Bus.All<ObligationCancelled>().Any(e => e.ObligationId == obligation.Id)));
        await Eventually.Until(() => Task.FromResult(app.Bus.All<AgencyChanged>().Any(e => e.AgencyCode == code && !e.IsActive)));
        var again = await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code));
        await again.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>An approved plan whose indicator is reported by every district (and the scenario's lead, by name).</summary>
    async Task<(PlanScenario Scenario, IndicatorView Indicator)> ReportedByEveryDistrictAsync(int year)
    {
        var s = await PlanScenario.CreateAsync(app, year: year);
        var indicator = await (await s.Secretariat.PostJsonAsync($"/api/targets/plans/{s.Plan.Id}/indicators", new
        {
            code = "CQS-03", pillarCode = "CQS", name = "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng", measure = "Percent",
            targetValue = 100, targetDate = $"{year}-12-31", leadAgencyCode = s.Lead, reportingAgencies = new[] { s.Lead },
            reportingKind = "District", frequency = "Quarterly", dueOffsetDays = 15,
        })).ReadAsync<IndicatorView>(HttpStatusCode.Created);
        await s.ConsultAsync();
        await s.ApproveAsync();
        return (s, indicator);
    }

    async Task<List<string>> PeriodsOwedAsync(Guid indicatorId, string agency, ObligationStatus status = ObligationStatus.Open) =>
        (await app.Client().GetAsync<PageView<ObligationView>>(
            $"/api/targets/obligations?subjectId={indicatorId}&agency={agency}&status={status}&pageSize=200"))
        .Items.Select(o => o.Period).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task An_agency_created_after_approval_owes_the_reports_not_yet_due_of_indicators_its_kind_reports()
    {
        var (future, upcoming) = await ReportedByEveryDistrictAsync(DateTime.UtcNow.Year + 1);
        var (_, past) = await ReportedByEveryDistrictAsync(2023);
        var owedByEveryDistrict = await PeriodsOwedAsync(upcoming.Id, future.District);
        Assert.NotEmpty(owedByEveryDistrict);

        var district = Builders.UniqueCode("H");
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(district, "District")))
            .ReadAsync<AgencyView>(HttpStatusCode.Created);

        Assert.Equal(owedByEveryDistrict, await PeriodsOwedAsync(upcoming.Id, district));
        Assert.Empty(await PeriodsOwedAsync(past.Id, district)); // every 2023 report fell due before the district existed
        await Eventually.Until(() => Task.FromResult(app.Bus.All<ObligationOpened>()
            .Count(e => e.AgencyCode == district && e.SubjectId == upcoming.Id) == owedByEveryDistrict.Count));
        var department = Builders.UniqueCode();
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(department)))
            .ReadAsync<AgencyView>(HttpStatusCode.Created);
        Assert.Empty(await PeriodsOwedAsync(upcoming.Id, department));
    }

    [Fact]
    public async Task An_agency_changing_kind_takes_on_the_reports_of_its_new_kind_and_is_released_from_those_of_its_old()
    {
        var (s, indicator) = await ReportedByEveryDistrictAsync(DateTime.UtcNow.Year + 1);
        var owedByEveryDistrict = await PeriodsOwedAsync(indicator.Id, s.District);
        Assert.Empty(await PeriodsOwedAsync(indicator.Id, s.Department));

        await (await app.Client().PutJsonAsync($"/api/targets/agencies/{s.Department}", Builders.Agency(s.Department, "District")))
            .ReadAsync<AgencyView>();
        Assert.Equal(owedByEveryDistrict, await PeriodsOwedAsync(indicator.Id, s.Department));

        await (await app.Client().PutJsonAsync($"/api/targets/agencies/{s.Department}", Builders.Agency(s.Department)))
            .ReadAsync<AgencyView>();
        Assert.Empty(await PeriodsOwedAsync(indicator.Id, s.Department));
        Assert.Equal(owedByEveryDistrict, await PeriodsOwedAsync(indicator.Id, s.Department, ObligationStatus.Cancelled));
        Assert.Equal(owedByEveryDistrict, await PeriodsOwedAsync(indicator.Id, s.District));
        // The lead is named on the indicator: a change of its kind leaves its reports alone.
        var lead = await PeriodsOwedAsync(indicator.Id, s.Lead);
        await (await app.Client().PutJsonAsync($"/api/targets/agencies/{s.Lead}", Builders.Agency(s.Lead, "Sector"))).ReadAsync<AgencyView>();
        Assert.Equal(lead, await PeriodsOwedAsync(indicator.Id, s.Lead));
    }

    async Task<(string District, string Commune)> DistrictWithCommuneAsync()
    {
        var district = Builders.UniqueCode("H");
        var commune = Builders.UniqueCode("XA");
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(district, "District"))).ReadAsync<AgencyView>(HttpStatusCode.Created);
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(commune, "Commune", district))).ReadAsync<AgencyView>(HttpStatusCode.Created);
        return (district, commune);
    }

    [Fact]
    public async Task A_district_with_communes_under_it_cannot_become_another_kind()
    {
        var (district, commune) = await DistrictWithCommuneAsync();

        var response = await app.Client().PutJsonAsync($"/api/targets/agencies/{district}", Builders.Agency(district, "Department"));

        var errors = (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Contains(commune, errors.GetProperty("kind")[0].GetString());
        var unchanged = await app.Client().GetAsync<AgencyView>($"/api/targets/agencies/{district}");
        Assert.Equal(AgencyKind.District, unchanged.Kind);
        Assert.Equal(1, unchanged.Version);
    }

    [Fact]
    public async Task Deactivating_an_agency_with_active_agencies_under_it_is_a_409_naming_them()
    {
        var (district, commune) = await DistrictWithCommuneAsync();

        var refused = await app.Client().PostAsync($"/api/targets/agencies/{district}/deactivate", null, TestContext.Current.CancellationToken);

        var problem = await refused.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(commune, Assert.Single(problem.GetProperty("activeChildren").EnumerateArray()).GetString());
        Assert.True((await app.Client().GetAsync<AgencyView>($"/api/targets/agencies/{district}")).IsActive);

        await (await app.Client().PostAsync($"/api/targets/agencies/{commune}/deactivate", null, TestContext.Current.CancellationToken))
            .ReadAsync<AgencyView>();
        var deactivated = await (await app.Client().PostAsync($"/api/targets/agencies/{district}/deactivate", null,
            TestContext.Current.CancellationToken)).ReadAsync<AgencyView>();
        Assert.False(deactivated.IsActive);

        var underInactive = await app.Client().PostJsonAsync("/api/targets/agencies",
            Builders.Agency(Builders.UniqueCode("XA"), "Commune", district));
        Assert.True((await underInactive.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentCode", out _));
    }

    [Fact]
    public async Task A_second_agency_with_the_same_code_is_a_409()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var again = await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code.ToLowerInvariant()));
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Agencies_are_listed_a_page_at_a_time_with_the_total()
    {
        var district = Builders.UniqueCode("H");
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(district, "District"));
        for (var i = 0; i < 3; i++)
            await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(Builders.UniqueCode("XA"), "Commune", district)))
                .ReadAsync<AgencyView>(HttpStatusCode.Created);

        var page = await app.Client().GetAsync<PageView<AgencyView>>($"/api/targets/agencies?parent={district}&pageSize=2&page=2");

        Assert.Equal(3, page.Total);
        Assert.Single(page.Items);
        await (await app.Client().GetAsync("/api/targets/agencies?pageSize=0", TestContext.Current.CancellationToken))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}
