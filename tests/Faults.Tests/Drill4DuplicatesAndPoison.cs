using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    /// <summary>
    /// The same event published twice more (same message id, straight to the broker) changes nothing in
    /// either consumer; an event no consumer can ever apply (an obligation nobody knows) is retried, then
    /// parked in the consumer's <c>_error</c> queue with its exception, and the consumers go on serving
    /// the reports that follow.
    /// </summary>
    [Fact]
    public async Task Drill4_Duplicates_change_nothing_and_a_poison_message_is_parked_while_others_flow()
    {
        var agency = NewAgency("FD");
        await system.CreateAgencyAsync(agency);
        var ids = await system.OpenObligationsAsync(agency, 11, LocalToday.AddDays(20));
        await system.WaitForReplicasAsync(ids);
        using var reporter = system.Client("reporter", agency);
        var first = ids[0];
        var later = ids.Skip(1).ToList();

        Assert.Equal(201, (await Reply.SendAsync(reporter, FaultSystem.Report(first, Guid.NewGuid().ToString()))).Code);
        await WaitUntilAppliedAsync([first]);
        var message = (await SubmissionEventsAsync([first])).Single();
        var body = JsonNode.Parse((await system.ListAsync<string>("submissionsdb",
            "SELECT body::text FROM outbox_messages WHERE message_id = $1", message)).Single())!;
        var before = await ObligationRowsAsync(first);
        var fulfilQueues = system.ConsumerQueues.Where(q => q.EndsWith("-fulfil-obligation")).ToList();
        var acksBefore = await AcksAsync(fulfilQueues);

        // Duplicates: the very same event, twice more.
        await system.Rabbit.PublishEventAsync(SubmissionReceived, message, body);
        await system.Rabbit.PublishEventAsync(SubmissionReceived, message, body);
        await Eventually.Until(async () => (await AcksAsync(fulfilQueues)).Zip(acksBefore).All(p => p.First >= p.Second + 2),
            TimeSpan.FromSeconds(30), "both consumers to have taken the two copies");
        var after = await ObligationRowsAsync(first);
        var inboxTargets = await AppliedAsync("targetsdb", "FulfilObligationConsumer", [message]);
        var inboxNotifications = await AppliedAsync("notificationsdb", "FulfilObligationConsumer", [message]);

        // Poison: an event about an obligation no service has ever heard of.
        var poisonId = Guid.NewGuid();
        var unknownObligation = Guid.NewGuid();
        await system.Rabbit.PublishEventAsync(SubmissionReceived, poisonId, new
        {
            submissionId = Guid.NewGuid(), obligationId = unknownObligation, agencyCode = agency, revision = 1,
            submittedAt = DateTimeOffset.UtcNow, isLate = false,
        });
        // …and the reports that follow it still flow.
        var followers = new List<Reply>();
        foreach (var id in later) followers.Add(await Reply.SendAsync(reporter, FaultSystem.Report(id, Guid.NewGuid().ToString())));
        await WaitUntilAppliedAsync(later, TimeSpan.FromSeconds(60));

        var parked = new Dictionary<string, JsonNode?>();
        foreach (var queue in fulfilQueues)
            parked[queue] = await Eventually.Until(
                async () => (await system.Rabbit.PeekAsync(queue + "_error")).FirstOrDefault(m => m?["properties"]?["message_id"]?.ToString() == poisonId.ToString()),
                m => m is not null, TimeSpan.FromSeconds(60), $"the poison message in {queue}_error");
        var withException = parked.Values.Count(m => m?["properties"]?["headers"]?["MT-Fault-Message"]?.ToString() is { Length: > 0 });
        var poisonApplied = await AppliedAsync("targetsdb", "FulfilObligationConsumer", [poisonId]) +
                            await AppliedAsync("notificationsdb", "FulfilObligationConsumer", [poisonId]);
        var followersApplied = await FulfilledInTargetsAsync(later) + await FulfilledInNotificationsAsync(later);
        var stillServing = (await system.Rabbit.QueuesAsync()).Where(q => fulfilQueues.Contains(q.Name)).All(q => q.Consumers > 0);

        var passed = before == after && inboxTargets == 1 && inboxNotifications == 1 && withException == fulfilQueues.Count &&
                     poisonApplied == 0 && followersApplied == 2 * later.Count && followers.All(f => f.Code == 201) && stillServing;
        DrillReport.Record(4, "Duplicates and a poison message", passed,
            ("copies published", 2), ("inbox records (Targets, Notifications)", $"{inboxTargets}, {inboxNotifications}"),
            ("rows changed by copies", before == after ? 0 : 1), ("poison parked with exception", $"{withException}/{fulfilQueues.Count}"),
            ("poison applied", poisonApplied), ("reports after poison applied", $"{followersApplied}/{2 * later.Count}"),
            ("5xx", followers.Count(f => f.Code >= 500)));

        Assert.Equal(before, after);
        Assert.Equal(1, inboxTargets);
        Assert.Equal(1, inboxNotifications);
        Assert.Equal(fulfilQueues.Count, withException);
        Assert.Equal(0, poisonApplied);
        Assert.Equal(2 * later.Count, followersApplied);
        Assert.True(stillServing, "A consumer left its queue after the poison message.");
    }

    /// <summary>The obligation's rows in both consumers' databases (and its reminders), as text.</summary>
    async Task<string> ObligationRowsAsync(Guid id)
    {
        var targets = await system.ListAsync<string>("targetsdb", "SELECT row_to_json(o)::text FROM obligations o WHERE id = $1", id);
        var notifications = await system.ListAsync<string>("notificationsdb",
            "SELECT row_to_json(o)::text FROM obligations o WHERE id = $1 UNION ALL " +
            "SELECT string_agg(row_to_json(r)::text, ',' ORDER BY r.id) FROM reminders r WHERE obligation_id = $1", id);
        return string.Join("\n", targets.Concat(notifications));
    }

    /// <summary>Messages each queue's consumers have acknowledged so far (management statistics).</summary>
    async Task<List<long>> AcksAsync(IEnumerable<string> queues)
    {
        var result = new List<long>();
        foreach (var queue in queues)
        {
            var info = await system.Rabbit.Management.GetFromJsonAsync<JsonObject>($"queues/%2F/{queue}");
            result.Add(info?["message_stats"]?["ack"]?.GetValue<long>() ?? 0);
        }
        return result;
    }
}
