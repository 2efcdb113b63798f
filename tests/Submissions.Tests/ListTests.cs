using System.Net;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class ListTests(SubmissionsHost host)
{
    [Fact]
    public async Task Each_filter_narrows_the_list_and_the_four_together_all_apply()
    {
        var id = Guid.NewGuid().ToString("N");
        var x = $"LX{id}"[..12];
        var y = $"LY{id}"[..12];
        var p1 = $"A{id}"[..12];
        var p2 = $"B{id}"[..12];
        var past = host.Clock.GetUtcNow().AddHours(-1);

        var acceptedOnTime = await ReportAsync(x, p1, late: false, review: "accept");
        var returnedLate = await ReportAsync(x, p1, late: true, review: "return");
        var submittedOnTime = await ReportAsync(x, p2, late: false, review: null);
        var acceptedLate = await ReportAsync(x, p2, late: true, review: "accept");
        var otherAgency = await ReportAsync(y, p1, late: true, review: "accept");

        Assert.Equal(Ids(acceptedOnTime, returnedLate, otherAgency), await ListAsync($"period={p1}"));
        Assert.Equal(Ids(acceptedOnTime, submittedOnTime), await ListAsync($"agency={x}&late=false"));
        Assert.Equal(Ids(acceptedOnTime, acceptedLate), await ListAsync($"agency={x}&status=Accepted"));
        Assert.Equal(Ids(returnedLate), await ListAsync($"agency={x}&status=Returned"));
        Assert.Equal(Ids(acceptedLate), await ListAsync($"agency={x}&period={p2}&status=Accepted&late=true"));
        Assert.Empty(await ListAsync($"agency={x}&period={p1}&status=Accepted&late=true"));
        Assert.Equal(Ids(otherAgency), await ListAsync($"agency={y}&period={p1}&status=Accepted&late=true"));

        async Task<string> ReportAsync(string agency, string period, bool late, string? review)
        {
            var obligation = await host.OpenObligationAsync(agency, period: period,
                dueAt: late ? past : host.Clock.GetUtcNow().AddDays(10));
            var submitted = await host.Reporter(agency).PostJsonAsync("/api/submissions", new
            {
                obligationId = obligation.ObligationId,
                progress = new { status = "InProgress", percentComplete = 10 },
            });
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            var body = await submitted.ReadAsync();
            Assert.Equal(late, (bool)body["isLate"]!);
            var submission = (string)body["id"]!;
            var reviewed = review switch
            {
                "accept" => await host.Secretariat().PostAsync($"/api/submissions/{submission}/accept", null,
                    TestContext.Current.CancellationToken),
                "return" => await host.Secretariat().PostJsonAsync($"/api/submissions/{submission}/return",
                    new { reasonCode = "incomplete", reason = "Thiếu số liệu" }),
                _ => null,
            };
            if (reviewed is not null) Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
            return submission;
        }
    }

    static List<string> Ids(params string[] ids) => ids.Order(StringComparer.Ordinal).ToList();

    /// <summary>The ids listed for a query, as a sorted set: which reports match, not in what order.</summary>
    async Task<List<string>> ListAsync(string query)
    {
        var response = await host.Secretariat().GetAsync($"/api/submissions?{query}&pageSize=200",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadAsync();
        var items = page["items"]!.AsArray();
        Assert.Equal(items.Count, (int)page["total"]!);
        return items.Select(i => (string)i!["id"]!).Order(StringComparer.Ordinal).ToList();
    }
}
