using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    const int BurstSize = 2000;
    const int BrokerRestarts = 5;

    /// <summary>
    /// 2,000 reports sent while RabbitMQ is stopped and started five times in a row: half of each wave
    /// arrives while the broker goes down, half while it comes back. Reports are accepted throughout
    /// (they only need PostgreSQL); their events wait in the outbox and every consumer re-attaches.
    /// </summary>
    [Fact]
    public async Task Drill1_Broker_restarts_during_a_burst_lose_and_duplicate_no_report()
    {
        // Ten agencies, none with contacts (Notifications would plan a reminder per step and channel of every
        // obligation; this drill counts events, drill 7 counts reminders). The 2,000 obligations come from
        // approved plans: ten five-year tasks, each assigned to all ten agencies, owe a report every quarter.
        const int agencies = 10;
        var setup = Stopwatch.StartNew();
        var codes = Enumerable.Range(0, agencies).Select(_ => NewAgency("FB")).ToList();
        foreach (var code in codes) await system.CreateAgencyAsync(code, withContact: false);
        var byAgency = await OpenQuarterlyTaskReportsAsync(codes, tasks: BurstSize / agencies / 20);
        var all = byAgency.Values.SelectMany(v => v).ToList();
        Assert.Equal(BurstSize, all.Count);
        DrillReport.Step($"drill 1: {all.Count} obligations opened in {setup.Elapsed.TotalSeconds:0} s");
        await system.WaitForReplicasAsync(all, TimeSpan.FromSeconds(300));
        setup.Stop();
        DrillReport.Step($"drill 1: replicated to Submissions and Notifications at {setup.Elapsed.TotalSeconds:0} s");
        var burst = Stopwatch.StartNew();
        var reporters = codes.ToDictionary(c => c, c => system.Client("reporter", c));
        var work = new ConcurrentQueue<(string Agency, Guid Obligation)>(
            byAgency.SelectMany(kv => kv.Value.Select(id => (kv.Key, id))).OrderBy(_ => Random.Shared.Next()));
        var answers = new ConcurrentBag<Reply>();
        var accepted = new ConcurrentBag<Guid>();

        async Task Wave(int count)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (_, ct) =>
            {
                if (!work.TryDequeue(out var item)) return;
                var reply = await Reply.SendAsync(reporters[item.Agency], FaultSystem.Report(item.Obligation, Guid.NewGuid().ToString()), ct);
                answers.Add(reply);
                if (reply.Code == 201) accepted.Add(item.Obligation);
            });
        }

        var perHalf = BurstSize / BrokerRestarts / 2;
        var restartTimes = new List<double>();
        for (var i = 0; i < BrokerRestarts; i++)
        {
            var watch = Stopwatch.StartNew();
            double stopped = 0, started = 0, consumers = 0;
            await Task.WhenAll(Wave(perHalf), Task.Run(async () =>
            {
                await system.Rabbit.StopAsync();
                stopped = watch.Elapsed.TotalSeconds;
            }));
            var down = watch.Elapsed.TotalSeconds;
            await Task.WhenAll(Wave(perHalf), Task.Run(async () =>
            {
                await system.Rabbit.StartAsync();
                started = watch.Elapsed.TotalSeconds - down;
                await system.WaitForConsumersAsync();
                consumers = watch.Elapsed.TotalSeconds - down;
            }));
            restartTimes.Add(watch.Elapsed.TotalSeconds);
            DrillReport.Step($"broker restart {i + 1}: stopped in {stopped:0.0} s (wave {down:0.0} s), started in {started:0.0} s, " +
                             $"consumers back at {consumers:0.0} s, cycle {watch.Elapsed.TotalSeconds:0.0} s, accepted so far {accepted.Count}");
        }
        await Wave(work.Count); // whatever the rounding left
        burst.Stop();

        var failed = answers.Where(a => a.Code != 201).ToList();
        var settle = Stopwatch.StartNew();
        await system.WaitForOutboxesAsync(TimeSpan.FromSeconds(120));
        DrillReport.Step($"drill 1: outboxes empty {settle.Elapsed.TotalSeconds:0} s after the burst");
        try { await WaitUntilAppliedAsync(accepted.ToList(), TimeSpan.FromSeconds(120)); }
        catch (TimeoutException) { } // the counts below say what is missing
        DrillReport.Step($"drill 1: reports applied (or given up on) {settle.Elapsed.TotalSeconds:0} s after the burst");

        var ids = accepted.ToList();
        var events = await SubmissionEventsAsync(ids);
        var stored = await StoredSubmissionsAsync(ids);
        var inTargets = await FulfilledInTargetsAsync(ids);
        var inNotifications = await FulfilledInNotificationsAsync(ids);
        var appliedTargets = await AppliedAsync("targetsdb", "FulfilObligationConsumer", events);
        var appliedNotifications = await AppliedAsync("notificationsdb", "FulfilObligationConsumer", events);
        var errors = await ErrorQueueMessagesAsync();
        var consumerCounts = await system.Rabbit.ConsumerCountsAsync(system.ConsumerQueues)
                             ?? throw new InvalidOperationException("RabbitMQ took no connection after the burst.");
        var withoutConsumer = consumerCounts.Where(q => q.Value == 0).Select(q => q.Key).ToList();

        var passed = accepted.Count == BurstSize && failed.Count == 0 && stored == ids.Count && events.Count == ids.Count &&
                     inTargets == ids.Count && inNotifications == ids.Count && appliedTargets == ids.Count &&
                     appliedNotifications == ids.Count && errors == 0 && withoutConsumer.Count == 0;
        DrillReport.Record(1, "Broker restart ×5 during a 2,000-report burst", passed,
            ("sent", answers.Count), ("accepted", accepted.Count), ("5xx", answers.Count(a => a.Code >= 500)),
            ("other non-201", failed.Count(a => a.Code < 500)), ("stored", stored), ("events", events.Count),
            ("applied in Targets", appliedTargets), ("fulfilled in Targets", inTargets),
            ("applied in Notifications", appliedNotifications), ("fulfilled in Notifications", inNotifications),
            ("error-queue messages", errors), ("restarts", restartTimes.Count),
            ("queues without consumer", withoutConsumer.Count),
            ("restart cycle s (avg)", Math.Round(restartTimes.Average(), 1)), ("setup s", Math.Round(setup.Elapsed.TotalSeconds)),
            ("burst s", Math.Round(burst.Elapsed.TotalSeconds)));

        Assert.True(failed.Count == 0, $"{failed.Count} reports were not accepted; first: {failed.FirstOrDefault()}");
        Assert.Equal(BurstSize, accepted.Count);
        Assert.Equal(ids.Count, stored);
        Assert.Equal(ids.Count, events.Count);
        Assert.True(appliedTargets == ids.Count && inTargets == ids.Count,
            $"Targets applied {appliedTargets} and fulfilled {inTargets} of {ids.Count} accepted reports.\n{system.Logs()}");
        Assert.True(appliedNotifications == ids.Count && inNotifications == ids.Count,
            $"Notifications applied {appliedNotifications} and fulfilled {inNotifications} of {ids.Count} accepted reports.\n{system.Logs()}");
        Assert.Equal(0, errors);
        Assert.True(withoutConsumer.Count == 0, $"Queues without a consumer: {string.Join(", ", withoutConsumer)}");
    }

    /// <summary>
    /// <paramref name="tasks"/> five-year plans of one task each, assigned to every agency, consulted and
    /// approved: 20 quarterly progress reports per task and agency. One plan per task keeps each approval
    /// small (a single approval opening 2,000 obligations outlasted the gateway's 30 s on a loaded machine).
    /// Returns each agency's obligations.
    /// </summary>
    async Task<Dictionary<string, List<Guid>>> OpenQuarterlyTaskReportsAsync(IReadOnlyList<string> codes, int tasks)
    {
        using var secretariat = system.Client("secretariat");
        var year = LocalToday.Year;
        async Task<Reply> Post(string path, object body)
        {
            var reply = await Reply.SendAsync(secretariat, new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });
            if (reply.Code is not (200 or 201)) throw new InvalidOperationException($"Setting up the burst's plans: {reply}");
            return reply;
        }

        var plans = new List<Guid>();
        for (var t = 1; t <= tasks; t++)
        {
            var plan = await Post("/api/targets/plans", new { code = $"KH-{codes[0]}-{t}", title = $"Kế hoạch diễn tập sự cố {t}", startYear = year, endYear = year + 4 });
            var planId = Guid.Parse(plan.Text("id")!);
            await Post($"/api/targets/plans/{planId}/tasks", new
            {
                code = $"NV-{t:00}", title = $"Nhiệm vụ diễn tập {t}", pillarCode = "CQS", ownerCode = codes[0],
                coOwnerCodes = codes.Skip(1).ToArray(), startDate = $"{year}-01-01", dueDate = $"{year + 4}-12-31",
                budgetVnd = 1_000_000, fundingSource = "Ngân sách tỉnh", urgent = false,
            });
            await Post($"/api/targets/plans/{planId}/consultation", new { agencies = new[] { codes[0] }, deadline = LocalToday.AddDays(10).ToString("yyyy-MM-dd") });
            await Post($"/api/targets/plans/{planId}/approve", new { });
            plans.Add(planId);
        }

        var result = new Dictionary<string, List<Guid>>();
        foreach (var code in codes)
            result[code] = await system.ListAsync<Guid>("targetsdb",
                "SELECT id FROM obligations WHERE plan_id = ANY($1) AND subject = 'Task' AND agency_code = $2", plans.ToArray(), code);
        return result;
    }
}
