using System.Diagnostics;
using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    static readonly TimeSpan DatabaseOutage = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Submissions' PostgreSQL is stopped for 30 seconds while agencies keep reporting and reading.
    /// Every answer meanwhile is a 503 problem+json with Retry-After — never a 500, never a 2xx for a
    /// report that was not stored. When the server returns, the same process answers again within
    /// seconds, and each report retried with its Idempotency-Key is stored once.
    /// </summary>
    [Fact]
    public async Task Drill5_Submissions_database_down_answers_503_with_retry_after_and_recovers_by_itself()
    {
        var agency = NewAgency("FP");
        await system.CreateAgencyAsync(agency);
        var ids = await system.OpenObligationsAsync(agency, 80, LocalToday.AddDays(20));
        await system.WaitForReplicasAsync(ids);
        using var reporter = system.Client("reporter", agency);
        var pid = system.Submissions.Pid;
        var keys = ids.ToDictionary(id => id, _ => Guid.NewGuid().ToString());

        await system.SubmissionsPostgres.StopAsync();
        var during = new List<Reply>();
        var tried = new List<Guid>();
        var outage = Stopwatch.StartNew();
        var next = 0;
        while (outage.Elapsed < DatabaseOutage)
        {
            if (next < ids.Count)
            {
                tried.Add(ids[next]);
                during.Add(await Reply.SendAsync(reporter, FaultSystem.Report(ids[next], keys[ids[next]])));
                next++;
            }
            during.Add(await Reply.SendAsync(reporter, new HttpRequestMessage(HttpMethod.Get, "/api/submissions?pageSize=5")));
            during.Add(await Reply.SendAsync(reporter, new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{Guid.NewGuid()}")));
            await Task.Delay(250); // the outage's pace: a few agencies' requests a second
        }
        var storedDuringOutage = 0L;

        await system.SubmissionsPostgres.StartAsync();
        var back = Stopwatch.StartNew();
        storedDuringOutage = await StoredSubmissionsAsync(tried);
        var firstAfter = await Eventually.Until(() => Reply.SendAsync(reporter, FaultSystem.Report(tried[0], keys[tried[0]])),
            r => r.Code != 503, TimeSpan.FromSeconds(60), "Submissions to answer again after its database returned");
        var recoverySeconds = back.Elapsed.TotalSeconds;

        // Every report tried during the outage, retried with its key, and the rest of the burst.
        var after = new List<Reply> { firstAfter };
        foreach (var id in ids.Skip(1)) after.Add(await Reply.SendAsync(reporter, FaultSystem.Report(id, keys[id])));
        await WaitUntilAppliedAsync(ids, TimeSpan.FromSeconds(60));
        var stored = await StoredSubmissionsAsync(ids);
        var events = await SubmissionEventsAsync(ids);

        var wrong = during.Where(r => r.Code != 503 || !r.IsProblem || string.IsNullOrEmpty(r.RetryAfter)).ToList();
        var passed = wrong.Count == 0 && storedDuringOutage == 0 && after.All(r => r.Code == 201) && stored == ids.Count &&
                     events.Count == ids.Count && system.Submissions.Pid == pid;
        DrillReport.Record(5, "Submissions' PostgreSQL down 30 s", passed,
            ("requests during outage", during.Count), ("503 problem+json with Retry-After", during.Count - wrong.Count),
            ("500", during.Count(r => r.Code == 500)), ("2xx during outage", during.Count(r => r.Code is >= 200 and < 300)),
            ("other", wrong.Count(r => r.Code != 500 && r.Code is < 200 or >= 300)),
            ("stored during outage", storedDuringOutage), ("first answer after return s", Math.Round(recoverySeconds, 1)),
            ("accepted after", after.Count(r => r.Code == 201)), ("stored", stored), ("events", events.Count),
            ("service restarted", system.Submissions.Pid == pid ? "no" : "yes"));

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {during.Count} answers during the outage were not 503 problem+json with Retry-After; first: {wrong.FirstOrDefault()}");
        Assert.Equal(0, storedDuringOutage);
        Assert.True(after.All(r => r.Code == 201), $"A report after the outage was refused: {after.FirstOrDefault(r => r.Code != 201)}");
        Assert.Equal(ids.Count, stored);
        Assert.Equal(ids.Count, events.Count);
        Assert.Equal(pid, system.Submissions.Pid);
    }
}
