using System.Net;
using System.Text;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

public sealed class BadInputTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    async Task<int> Count(string table) => await app.Database.ScalarAsync<int>($"SELECT count(*)::int FROM {table}");

    [Fact]
    public async Task An_agency_with_a_bad_code_email_and_phone_is_a_400_naming_each_field_and_stores_nothing()
    {
        var before = await Count("agencies");
        var response = await app.Client().PostJsonAsync("/api/targets/agencies", new
        {
            code = "x",
            name = "Sở Nội vụ",
            kind = "Department",
            contacts = new[] { new { name = "Trần Thị B", email = "not-an-email", phone = "0212345678", isHead = true } },
        });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("code", out _));
        Assert.True(errors.TryGetProperty("contacts[0].email", out _));
        Assert.True(errors.TryGetProperty("contacts[0].phone", out _));
        Assert.Equal(before, await Count("agencies"));
        Assert.Equal(0, await app.Database.ScalarAsync<int>("SELECT count(*)::int FROM outbox_messages WHERE message_type LIKE '%AgencyChanged%' AND body->>'name' = 'Sở Nội vụ'"));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var response = await app.Client().PostAsync("/api/targets/agencies",
            new StringContent("{\"code\": \"SNV\", \"kind\": ", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_agency_kind_is_a_400_problem()
    {
        var response = await app.Client().PostAsync("/api/targets/agencies",
            new StringContent("{\"code\": \"SNV\", \"name\": \"Sở Nội vụ\", \"kind\": \"Ministry\"}", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_commune_without_a_district_parent_is_refused()
    {
        var department = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(department));

        var orphan = await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(Builders.UniqueCode("XA"), "Commune"));
        var underDepartment = await app.Client().PostJsonAsync("/api/targets/agencies",
            Builders.Agency(Builders.UniqueCode("XA"), "Commune", department));

        Assert.True((await orphan.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentCode", out _));
        Assert.True((await underDepartment.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("parentCode", out _));
    }

    [Fact]
    public async Task An_obligation_with_a_bad_period_or_unknown_agency_is_a_400_and_stores_nothing()
    {
        var before = await Count("obligations");
        var response = await app.Client().PostJsonAsync("/api/targets/obligations", new
        {
            agencyCode = "NO-SUCH-AGENCY",
            title = "Báo cáo",
            period = "2026-Q5",
            dueDate = "2026-12-31",
        });
        var errors = (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("agencyCode", out _));
        Assert.True(errors.TryGetProperty("period", out _));
        Assert.Equal(before, await Count("obligations"));
    }

    [Fact]
    public async Task A_bad_date_is_a_400_problem()
    {
        var response = await app.Client().PostAsync("/api/targets/obligations",
            new StringContent("{\"agencyCode\":\"STTTT\",\"title\":\"x\",\"period\":\"2026-Q4\",\"dueDate\":\"31/12/2026\"}", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}
