using DxTrack.TestSupport;
using Npgsql;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    /// <summary>
    /// Targets is killed (SIGKILL) while its consumer is inside a message: the drill holds a row lock
    /// on the obligation, so the consumer's transaction (inbox record written, obligation update
    /// waiting) is provably open when the process dies. The broker redelivers the unacknowledged
    /// message to the restarted process, which applies it once. Meanwhile agencies keep reporting:
    /// Submissions accepts them and Targets catches up after its restart.
    /// </summary>
    [Fact]
    public async Task Drill3_A_consumer_killed_mid_message_gets_it_again_and_applies_it_once()
    {
        const int alongside = 40;
        var agency = NewAgency("FK");
        await system.CreateAgencyAsync(agency);
        var ids = await system.OpenObligationsAsync(agency, alongside + 1, LocalToday.AddDays(20));
        await system.WaitForReplicasAsync(ids);
        var target = ids[0];
        var others = ids.Skip(1).ToList();
        using var reporter = system.Client("reporter", agency);

        long waitingAtKill;
        long inboxAtKill;
        await using (var holder = new NpgsqlConnection(system.Db("targetsdb")))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT id FROM obligations WHERE id = $1 FOR UPDATE", holder, tx))
            {
                lockRow.Parameters.Add(new NpgsqlParameter { Value = target });
                await lockRow.ExecuteNonQueryAsync();
            }

            var first = await Reply.SendAsync(reporter, FaultSystem.Report(target, Guid.NewGuid().ToString()));
            Assert.True(first.Code == 201, $"The report was refused: {first}");

            // The consumer is mid-message: its transaction waits on the row the drill holds.
            waitingAtKill = await Eventually.Until(() => system.CountAsync("targetsdb",
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'targetsdb' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"),
                n => n > 0, TimeSpan.FromSeconds(30), "Targets' consumer to be blocked inside the message");
            var message = (await SubmissionEventsAsync([target])).Single();
            inboxAtKill = await AppliedAsync("targetsdb", "FulfilObligationConsumer", [message]);
            await system.Targets.KillAsync();
            await tx.RollbackAsync();
        }

        // Agencies go on reporting while Targets is down.
        var meanwhile = new List<Reply>();
        foreach (var id in others) meanwhile.Add(await Reply.SendAsync(reporter, FaultSystem.Report(id, Guid.NewGuid().ToString())));

        await system.Targets.StartAsync();
        await system.WaitForConsumersAsync();
        await WaitUntilAppliedAsync(ids, TimeSpan.FromSeconds(60));

        var events = await SubmissionEventsAsync(ids);
        var appliedTarget = await AppliedAsync("targetsdb", "FulfilObligationConsumer", await SubmissionEventsAsync([target]));
        var appliedAll = await AppliedAsync("targetsdb", "FulfilObligationConsumer", events);
        var fulfilled = await FulfilledInTargetsAsync(ids);
        var accepted = 1 + meanwhile.Count(r => r.Code == 201);
        var errors = await ErrorQueueMessagesAsync();

        var passed = inboxAtKill == 0 && appliedTarget == 1 && accepted == ids.Count && appliedAll == ids.Count &&
                     fulfilled == ids.Count && errors == 0;
        DrillReport.Record(3, "Targets killed inside a message (before ack)", passed,
            ("consumers blocked at kill", waitingAtKill), ("applied before kill", inboxAtKill),
            ("applied after restart", appliedTarget), ("reports accepted while down", meanwhile.Count(r => r.Code == 201)),
            ("5xx", meanwhile.Count(r => r.Code >= 500)), ("applied in Targets", $"{appliedAll}/{ids.Count}"),
            ("fulfilled in Targets", fulfilled), ("error-queue messages", errors));

        Assert.Equal(0, inboxAtKill);
        Assert.Equal(1, appliedTarget);
        Assert.True(meanwhile.All(r => r.Code == 201), $"A report sent while Targets was down was refused: {meanwhile.FirstOrDefault(r => r.Code != 201)}");
        Assert.Equal(ids.Count, appliedAll);
        Assert.Equal(ids.Count, fulfilled);
        Assert.Equal(0, errors);
    }
}
