using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    /// <summary>
    /// Redis is stopped while the committee reads the dashboard and the plan changes: every read still
    /// answers, from PostgreSQL and current. When Redis returns (empty), the dashboard is cached there
    /// again without anyone restarting Targets.
    /// </summary>
    [Fact]
    public async Task Drill6_Cache_down_dashboard_still_answers_from_postgres_and_caching_resumes()
    {
        using var viewer = system.Client("viewer");
        var summary = () => Reply.SendAsync(viewer, new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/summary"));
        Assert.Equal(200, (await summary()).Code);
        var cachedBefore = await Eventually.Until(async () => { await summary(); return await system.Redis.CountKeysAsync(FaultSystem.CachePrefix + "dashboard:summary"); },
            n => n > 0, TimeSpan.FromSeconds(30), "the dashboard summary to be cached in Redis");

        await system.Redis.StopAsync();
        var reads = new List<Reply>();
        foreach (var view in new[] { "summary", "agencies", "indicators" })
            for (var i = 0; i < 10; i++)
                reads.Add(await Reply.SendAsync(viewer, new HttpRequestMessage(HttpMethod.Get, $"/api/dashboard/{view}")));
        // A change while Redis is down shows at once: the answer comes from PostgreSQL.
        var totalBefore = (await summary()).Json?["openObligations"]?.GetValue<int>();
        var agency = NewAgency("FR");
        await system.CreateAgencyAsync(agency);
        await system.OpenObligationsAsync(agency, 3, LocalToday.AddDays(20));
        var afterChange = await summary();
        reads.Add(afterChange);
        var current = afterChange.Json?["openObligations"]?.GetValue<int>() == totalBefore + 3;

        await system.Redis.StartAsync();
        var cachedAgain = await Eventually.Until(async () => { await summary(); return await system.Redis.CountKeysAsync(FaultSystem.CachePrefix + "dashboard:summary"); },
            n => n > 0, TimeSpan.FromSeconds(30), "caching to resume once Redis is back");
        var afterReturn = await summary();

        var failed = reads.Where(r => r.Code != 200).ToList();
        var passed = failed.Count == 0 && current && cachedAgain > 0 && afterReturn.Code == 200;
        DrillReport.Record(6, "Redis down", passed,
            ("cached before", cachedBefore), ("dashboard reads while down", reads.Count), ("200", reads.Count - failed.Count),
            ("5xx", reads.Count(r => r.Code >= 500)), ("change visible while down", current ? "yes" : "no"),
            ("cached again after return", cachedAgain));

        Assert.True(failed.Count == 0, $"{failed.Count} dashboard reads failed while Redis was down; first: {failed.FirstOrDefault()}");
        Assert.True(current, $"The summary did not count the obligations opened while Redis was down (open before: {totalBefore}): {afterChange}");
        Assert.Equal(200, afterReturn.Code);
    }
}
