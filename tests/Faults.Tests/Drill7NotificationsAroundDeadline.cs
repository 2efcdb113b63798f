using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    /// <summary>
    /// Reminders are planned to fall due less than a minute from now (the policy's send time is set to
    /// that moment); Notifications is killed before they fall due and started again after, as two
    /// instances at once. Each reminder is sent once: one mail per recipient in the SMTP sink, one delivery row.
    /// Then more reminders fall due while both instances run, and still each goes once.
    /// </summary>
    [Fact]
    public async Task Drill7_Notifications_down_over_a_deadline_then_two_instances_send_each_reminder_once()
    {
        const int agencies = 8;

        // The obligations are opened while Notifications is stopped (their events wait in its queues), so the
        // lead time below only has to cover its start and the planning.
        await system.Notifications.StopAsync();
        var before = Enumerable.Range(0, agencies).Select(_ => NewAgency("FN")).ToList();
        foreach (var code in before) await system.CreateAgencyAsync(code);
        var sendAtUtc = DateTimeOffset.UtcNow.AddSeconds(45);
        sendAtUtc = sendAtUtc.AddTicks(-(sendAtUtc.Ticks % TimeSpan.TicksPerSecond));
        var sendAtLocal = TimeZoneInfo.ConvertTime(sendAtUtc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"));
        var due = DateOnly.FromDateTime(sendAtLocal.DateTime);
        var beforeIds = new List<Guid>();
        foreach (var code in before) beforeIds.AddRange(await system.OpenObligationsAsync(code, 1, due));

        // Notifications now sends each step at that time of day (same port: the gateway keeps finding it).
        var policy = new Dictionary<string, string> { ["Notifications__Policy__SendTime"] = sendAtLocal.ToString("HH:mm:ss") };
        var main = system.NewNotifications("notifications-deadline", policy, system.Notifications.Port);
        await system.ReplaceNotificationsAsync(main);
        await main.StartAsync();
        await system.WaitForReplicasAsync(beforeIds);
        await Eventually.Until(async () => await system.CountAsync("notificationsdb",
                "SELECT count(*) FROM reminders WHERE obligation_id = ANY($1) AND step = 'due-day' AND status = 'Pending'", beforeIds.ToArray()) == agencies,
            TimeSpan.FromSeconds(30), "the due-day reminders to be planned");
        var notYetDue = await system.CountAsync("notificationsdb",
            "SELECT count(*) FROM reminders WHERE obligation_id = ANY($1) AND next_attempt_at > now()", beforeIds.ToArray());
        Assert.True(notYetDue >= agencies, $"The reminders fell due before the drill could stop Notifications ({notYetDue} of {agencies} still ahead).");

        await main.KillAsync();
        var sentWhileDown = Mails(before);
        await Eventually.Until(() => Task.FromResult(DateTimeOffset.UtcNow > sendAtUtc.AddSeconds(1)), TimeSpan.FromSeconds(60),
            "the reminders' send time to pass while Notifications is down");

        var second = system.NewNotifications("notifications-second", policy);
        await Task.WhenAll(main.StartAsync(), second.StartAsync());
        await WaitSentAsync(beforeIds);

        // With both instances running, more reminders fall due (planned after the send time: due at once).
        var after = Enumerable.Range(0, agencies).Select(_ => NewAgency("FN")).ToList();
        foreach (var code in after) await system.CreateAgencyAsync(code);
        var afterIds = new List<Guid>();
        foreach (var code in after) afterIds.AddRange(await system.OpenObligationsAsync(code, 1, due));
        await system.WaitForReplicasAsync(afterIds);
        await WaitSentAsync(afterIds);
        await second.StopAsync();
        await second.DisposeAsync();

        var all = before.Concat(after).ToList();
        var allIds = beforeIds.Concat(afterIds).ToArray();
        var sent = await system.CountAsync("notificationsdb",
            "SELECT count(*) FROM reminders WHERE obligation_id = ANY($1) AND status = 'Sent'", allIds);
        var deliveries = await system.CountAsync("notificationsdb", "SELECT count(*) FROM sent_messages WHERE agency_code = ANY($1)", (object)all.ToArray());
        var mails = all.ToDictionary(c => c, c => system.Smtp.CountFor($"{c.ToLowerInvariant()}@faults.test"));
        var twice = mails.Where(m => m.Value > 1).ToList();
        var missing = mails.Where(m => m.Value == 0).ToList();

        var passed = sentWhileDown == 0 && sent == allIds.Length && deliveries == allIds.Length && twice.Count == 0 && missing.Count == 0;
        DrillReport.Record(7, "Notifications down over a deadline, then two instances", passed,
            ("reminders due while down", agencies), ("sent while down", sentWhileDown), ("due with two instances running", agencies),
            ("reminders sent", sent), ("delivery rows", deliveries), ("mails received", mails.Values.Sum()),
            ("recipients mailed twice", twice.Count), ("recipients never mailed", missing.Count));

        Assert.Equal(0, sentWhileDown);
        Assert.True(twice.Count == 0, $"Mailed more than once: {string.Join(", ", twice.Select(t => $"{t.Key}×{t.Value}"))}");
        Assert.True(missing.Count == 0, $"Never mailed: {string.Join(", ", missing.Select(m => m.Key))}");
        Assert.Equal(allIds.Length, sent);
        Assert.Equal(allIds.Length, deliveries);
    }

    int Mails(IEnumerable<string> agencies) => agencies.Sum(c => system.Smtp.CountFor($"{c.ToLowerInvariant()}@faults.test"));

    Task WaitSentAsync(IReadOnlyCollection<Guid> obligationIds) => Eventually.Until(async () =>
            await system.CountAsync("notificationsdb",
                "SELECT count(*) FROM reminders WHERE obligation_id = ANY($1) AND step = 'due-day' AND status = 'Sent'",
                obligationIds.ToArray()) == obligationIds.Count,
        TimeSpan.FromSeconds(60), $"{obligationIds.Count} due-day reminders to be sent");
}
