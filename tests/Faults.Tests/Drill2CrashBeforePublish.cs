using System.Net.Http.Json;
using DxTrack.TestSupport;
using Npgsql;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    /// <summary>
    /// Submissions is killed (SIGKILL) after its reports committed and before their events left the
    /// outbox. To hold the events in that window without touching the service, the drill takes the
    /// outbox dispatcher's PostgreSQL advisory lock itself — exactly what a second Submissions instance
    /// does while it dispatches — so the dispatcher of the process under test finds the lock taken and
    /// publishes nothing. On restart the events go out, each once: a tap queue bound to the event's
    /// exchange counts what reached the broker.
    /// </summary>
    [Fact]
    public async Task Drill2_A_service_killed_between_commit_and_publish_sends_each_event_once_on_restart()
    {
        const int reports = 20;
        var agency = NewAgency("FC");
        await system.CreateAgencyAsync(agency);
        var ids = await system.OpenObligationsAsync(agency, reports, LocalToday.AddDays(20));
        await system.WaitForReplicasAsync(ids);
        var tap = await CreateTapAsync(RabbitServer.ExchangeOf(SubmissionReceived));

        using var viewer = system.Client("viewer");
        var load = new SteadyLoad(viewer, () => new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/summary"));
        long pendingAtKill;
        await using (var holder = new NpgsqlConnection(system.Db("submissionsdb")))
        {
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({OutboxLockId("DxTrack.Submissions.SubmissionsDb")})", holder))
                await take.ExecuteNonQueryAsync();

            using var reporter = system.Client("reporter", agency);
            var answers = new List<Reply>();
            foreach (var id in ids) answers.Add(await Reply.SendAsync(reporter, FaultSystem.Report(id, Guid.NewGuid().ToString())));
            Assert.True(answers.All(a => a.Code == 201), $"Reports refused: {answers.FirstOrDefault(a => a.Code != 201)}");

            // Committed, not dispatched: the window the drill is about.
            pendingAtKill = await system.CountAsync("submissionsdb",
                "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL AND (body->>'obligationId')::uuid = ANY($1)", ids.ToArray());
            Assert.Equal(reports, pendingAtKill);
            await system.Submissions.KillAsync();
        } // closing the session releases the lock

        var untouched = await FulfilledInTargetsAsync(ids);
        await system.Submissions.StartAsync();
        await system.WaitForConsumersAsync();
        await WaitUntilAppliedAsync(ids, TimeSpan.FromSeconds(60));
        await system.WaitForOutboxesAsync();

        var events = await SubmissionEventsAsync(ids);
        var onTheWire = await Eventually.Until(() => TapCountAsync(tap, events), n => n >= events.Count, TimeSpan.FromSeconds(30),
            "the tap queue to hold every event");
        var appliedTargets = await AppliedAsync("targetsdb", "FulfilObligationConsumer", events);
        var appliedNotifications = await AppliedAsync("notificationsdb", "FulfilObligationConsumer", events);
        await load.StopAsync();
        await DeleteQueueAsync(tap);

        var passed = untouched == 0 && onTheWire == reports && appliedTargets == reports && appliedNotifications == reports &&
                     load.FiveXx == 0;
        DrillReport.Record(2, "Submissions killed between commit and publish", passed,
            ("accepted", reports), ("pending in outbox at kill", pendingAtKill), ("applied before restart", untouched),
            ("published after restart", onTheWire), ("applied in Targets", appliedTargets),
            ("applied in Notifications", appliedNotifications),
            ("dashboard reads meanwhile", load.Sent), ("5xx", load.FiveXx));

        Assert.Equal(0, untouched);
        Assert.Equal(reports, onTheWire);
        Assert.Equal(reports, appliedTargets);
        Assert.Equal(reports, appliedNotifications);
        Assert.True(load.FiveXx == 0, $"{load.FiveXx} dashboard reads failed; first: {load.FirstFailure}");
    }

    /// <summary>The dispatcher's lock id: FNV-1a of <c>outbox:{DbContext type}</c>, as <c>OutboxDispatcher</c> computes it.</summary>
    static long OutboxLockId(string dbContextType)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "outbox:" + dbContextType)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    /// <summary>A queue of the drill's own bound to an event exchange: every publish leaves one copy here.</summary>
    async Task<string> CreateTapAsync(string exchange)
    {
        var name = "faults-tap-" + Guid.NewGuid().ToString("N")[..8];
        var http = system.Rabbit.Management;
        (await http.PutAsJsonAsync($"queues/%2F/{name}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"bindings/%2F/e/{Uri.EscapeDataString(exchange)}/q/{name}", new { routing_key = "" })).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Copies of these message ids in the tap (messages are read and put back).</summary>
    async Task<int> TapCountAsync(string tap, IReadOnlyCollection<Guid> messageIds)
    {
        var wanted = messageIds.Select(m => m.ToString()).ToHashSet();
        var messages = await system.Rabbit.PeekAsync(tap, 10_000);
        return messages.Count(m => m?["properties"]?["message_id"]?.ToString() is { } id && wanted.Contains(id));
    }

    Task DeleteQueueAsync(string queue) => system.Rabbit.Management.DeleteAsync($"queues/%2F/{queue}");
}
