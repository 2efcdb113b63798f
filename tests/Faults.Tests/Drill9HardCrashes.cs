using System.Collections.Concurrent;
using System.Diagnostics;
using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    const int CrashBurstSize = 400;

    /// <summary>
    /// The broker's Erlang VM (<c>beam.smp</c>, not the script that started it) is killed with SIGKILL while 400
    /// reports arrive: no clean shutdown, no flushed state, connections cut without a close. Reports are accepted
    /// throughout (they only need PostgreSQL); the broker is started again on its own data, and every event is
    /// published and applied once.
    /// </summary>
    [Fact]
    public async Task Drill9_The_brokers_VM_killed_mid_burst_loses_and_duplicates_no_report()
    {
        var (codes, byAgency) = await CrashBurstObligationsAsync("FK");
        var crash = new CrashBurst(system, codes, byAgency);
        var killedAt = 0;
        var down = Stopwatch.StartNew();
        await crash.RunAsync(async () =>
        {
            killedAt = crash.Accepted;
            var wrapper = system.Rabbit.Process.Pid ?? throw new InvalidOperationException("RabbitMQ is not running.");
            var vm = Native.Descendants(wrapper).SingleOrDefault(pid => Native.CommandName(pid) == "beam.smp");
            Assert.True(vm != 0, "RabbitMQ's Erlang VM (beam.smp) was not found under its start script.");
            down.Restart();
            Native.Signal(vm, Native.SigKill);
            await Eventually.Until(() => Task.FromResult(!system.Rabbit.Process.IsRunning), TimeSpan.FromSeconds(30),
                "RabbitMQ's start script to end with its VM");
            DrillReport.Step($"drill 9: beam.smp (pid {vm}) killed at {killedAt} accepted reports");
            await system.Rabbit.StartAsync();
            await system.WaitForConsumersAsync();
            DrillReport.Step($"drill 9: broker back and every consumer attached {down.Elapsed.TotalSeconds:0.0} s after the kill");
        });
        var brokerBackSeconds = down.Elapsed.TotalSeconds;

        var outcome = await crash.SettleAsync(this);
        var passed = outcome.Passed && killedAt > 0 && killedAt < CrashBurstSize;
        DrillReport.Record(9, "Broker VM (beam.smp) killed with SIGKILL mid-burst", passed,
            [("killed at accepted", killedAt), .. outcome.Counts, ("broker back s", Math.Round(brokerBackSeconds, 1))]);
        outcome.AssertAll(system);
        Assert.InRange(killedAt, 1, CrashBurstSize - 1);
    }

    /// <summary>Four agencies owing 100 quarterly task reports each, replicated to Submissions and Notifications.</summary>
    async Task<(List<string> Codes, Dictionary<string, List<Guid>> ByAgency)> CrashBurstObligationsAsync(string prefix)
    {
        const int agencies = 4;
        var codes = Enumerable.Range(0, agencies).Select(_ => NewAgency(prefix)).ToList();
        foreach (var code in codes) await system.CreateAgencyAsync(code, withContact: false);
        var byAgency = await OpenQuarterlyTaskReportsAsync(codes, tasks: CrashBurstSize / agencies / 20);
        var all = byAgency.Values.SelectMany(v => v).ToList();
        Assert.Equal(CrashBurstSize, all.Count);
        await system.WaitForReplicasAsync(all, TimeSpan.FromSeconds(180));
        return (codes, byAgency);
    }

    /// <summary>
    /// A burst of one report per obligation, six at a time, each sent as a careful client does: a 503 is sent again
    /// after its <c>Retry-After</c> with the same <c>Idempotency-Key</c>, until it is answered. The fault runs once,
    /// when a quarter of the reports are in.
    /// </summary>
    sealed class CrashBurst(FaultSystem system, List<string> codes, Dictionary<string, List<Guid>> byAgency)
    {
        readonly ConcurrentBag<Reply> _answers = new();
        readonly ConcurrentBag<Guid> _accepted = new();

        public int Accepted => _accepted.Count;

        public async Task RunAsync(Func<Task> fault)
        {
            var reporters = codes.ToDictionary(c => c, c => system.Client("reporter", c));
            var work = byAgency.SelectMany(kv => kv.Value.Select(id => (Agency: kv.Key, Id: id))).OrderBy(_ => Random.Shared.Next()).ToList();
            var faultTask = Task.Run(async () =>
            {
                await Eventually.Until(() => Task.FromResult(Accepted >= CrashBurstSize / 4), TimeSpan.FromSeconds(120),
                    "a quarter of the burst to be accepted before the fault");
                await fault();
            });
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (item, ct) =>
            {
                var key = Guid.NewGuid().ToString();
                for (var attempt = 1; ; attempt++)
                {
                    var reply = await Reply.SendAsync(reporters[item.Agency], FaultSystem.Report(item.Id, key), ct);
                    _answers.Add(reply);
                    if (reply.Code == 503 && attempt < 200)
                    {
                        var wait = int.TryParse(reply.RetryAfter, out var seconds) ? Math.Min(seconds, 2) : 1;
                        await Task.Delay(TimeSpan.FromSeconds(wait), ct); // what Retry-After asks of a client
                        continue;
                    }
                    if (reply.Code is 201 or 200)
                        _accepted.Add(item.Id);
                    return;
                }
            });
            await faultTask;
            foreach (var client in reporters.Values) client.Dispose();
        }

        /// <summary>Waits for every outbox and both consumers, then counts what was accepted, stored, published and applied.</summary>
        public async Task<CrashOutcome> SettleAsync(FaultDrills drills)
        {
            await system.WaitForConsumersAsync();
            await system.WaitForOutboxesAsync(TimeSpan.FromSeconds(120));
            var ids = _accepted.Distinct().ToList();
            try { await drills.WaitUntilAppliedAsync(ids, TimeSpan.FromSeconds(120)); }
            catch (TimeoutException) { } // the counts say what is missing
            var events = await drills.SubmissionEventsAsync(ids);
            return new CrashOutcome(
                Sent: _answers.Count, Accepted: ids.Count,
                ServerErrors: _answers.Count(a => a.Code >= 500 && a.Code != 503),
                BadUnavailable: _answers.Count(a => a.Code == 503 && (!a.IsProblem || string.IsNullOrEmpty(a.RetryAfter))),
                Refused: _answers.Where(a => a.Code is < 500 and not (200 or 201)).ToList(),
                Stored: await drills.StoredSubmissionsAsync(ids), Events: events.Count,
                AppliedTargets: await drills.AppliedAsync("targetsdb", "FulfilObligationConsumer", events),
                AppliedNotifications: await drills.AppliedAsync("notificationsdb", "FulfilObligationConsumer", events),
                FulfilledTargets: await drills.FulfilledInTargetsAsync(ids),
                FulfilledNotifications: await drills.FulfilledInNotificationsAsync(ids),
                ErrorQueue: await drills.ErrorQueueMessagesAsync());
        }
    }

    sealed record CrashOutcome(int Sent, int Accepted, int ServerErrors, int BadUnavailable,
        List<Reply> Refused, long Stored, int Events, long AppliedTargets, long AppliedNotifications,
        long FulfilledTargets, long FulfilledNotifications, long ErrorQueue)
    {
        public bool Passed => Accepted == CrashBurstSize && ServerErrors == 0 && BadUnavailable == 0 &&
                              Refused.Count == 0 && Stored == Accepted && Events == Accepted && AppliedTargets == Accepted &&
                              AppliedNotifications == Accepted && FulfilledTargets == Accepted &&
                              FulfilledNotifications == Accepted && ErrorQueue == 0;

        public (string, object)[] Counts =>
        [
            ("sent", Sent), ("accepted", Accepted), ("5xx other than 503", ServerErrors),
            ("503 not problem+json with Retry-After", BadUnavailable), ("other refusals", Refused.Count),
            ("stored", Stored), ("events", Events), ("applied in Targets", AppliedTargets),
            ("fulfilled in Targets", FulfilledTargets), ("applied in Notifications", AppliedNotifications),
            ("fulfilled in Notifications", FulfilledNotifications), ("error-queue messages", ErrorQueue),
        ];

        public void AssertAll(FaultSystem system)
        {
            Assert.True(Refused.Count == 0, $"{Refused.Count} reports refused; first: {Refused.FirstOrDefault()}");
            Assert.Equal(0, ServerErrors);
            Assert.Equal(0, BadUnavailable);
            Assert.Equal(CrashBurstSize, Accepted);
            Assert.Equal(Accepted, Stored);
            Assert.Equal(Accepted, Events);
            Assert.True(AppliedTargets == Accepted && FulfilledTargets == Accepted,
                $"Targets applied {AppliedTargets} and fulfilled {FulfilledTargets} of {Accepted}.\n{system.Logs()}");
            Assert.True(AppliedNotifications == Accepted && FulfilledNotifications == Accepted,
                $"Notifications applied {AppliedNotifications} and fulfilled {FulfilledNotifications} of {Accepted}.\n{system.Logs()}");
            Assert.Equal(0, ErrorQueue);
        }
    }
}
