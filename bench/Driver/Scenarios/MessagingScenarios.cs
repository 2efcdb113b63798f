using System.Diagnostics;
using DxTrack.Bench.Harness;
using DxTrack.Bench.Report;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DxTrack.Bench.Report.ReportWriter;

namespace DxTrack.Bench.Scenarios;

/// <summary>
/// Outbox dispatch against a bare MassTransit publish loop, and the reminder fan-out the dispatched
/// events cause: N agencies each get an obligation due tomorrow, written to Targets' database with its
/// <c>ObligationOpened</c> in the outbox in one transaction (what approving a plan does), so the events
/// travel Targets' dispatcher → RabbitMQ → Notifications (plans one digest per agency) → SMTP sink.
/// </summary>
public static class MessagingScenarios
{
    public static async Task<IEnumerable<BenchFigure>> OutboxAndFanOutAsync(BenchContext c, CancellationToken ct)
    {
        var n = c.Options.FanOutAgencies;
        var bare = await BarePublishRateAsync(c, n, ct);
        c.Log.WriteLine($"  bare MassTransit publish loop: {n} messages at {Num(bare)}/s ({InFlight} in flight, publisher confirms)");

        var targetsDb = await c.System.ConnectionStringAsync("targetsdb", ct);
        var alone = await DispatcherAloneAsync(c, targetsDb, n, ct);
        c.Log.WriteLine($"  Targets' outbox, nobody consuming: {alone.Dispatched} dispatched at {Num(alone.Rate)}/s between the first and last confirm");

        // Warm-up: a few agencies through the same path first, as the HTTP scenarios warm up before they measure.
        // The first events a service consumes after its start pay for its first use of EF Core's change tracking
        // and queries (expression compilation, taken under locks that stall every consumer meanwhile); a service
        // that has been up for a while has long paid for them.
        var warmUp = Math.Min(n, c.Options.Quick ? 20 : WarmUpAgencies);
        var mailBefore = MailFiles(c).ToHashSet();
        await OpenDueTomorrowAsync(targetsDb, WarmUpCode, warmUp, ct);
        var warmed = Stopwatch.StartNew();
        while (MailFiles(c).Count(f => !mailBefore.Contains(f)) < warmUp && warmed.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(250, ct);
        c.Log.WriteLine($"  warm-up: {warmUp} agencies' reminders sent in {warmed.Elapsed.TotalSeconds:0.0} s");

        mailBefore = MailFiles(c).ToHashSet();
        var clock = Stopwatch.StartNew();
        await OpenDueTomorrowAsync(targetsDb, FanOutCode, n, ct);
        var committed = clock.Elapsed;
        var committedAt = DateTimeOffset.UtcNow;
        c.Log.WriteLine($"  {n} obligations due tomorrow and their ObligationOpened committed in {committed.TotalSeconds:0.0} s");

        // Dispatch and fan-out are watched at the same time, both from the commit; the CPU each process spent
        // while the outbox drained says what the dispatcher shared the two cores with.
        var cpuAtCommit = ProcessCpu.Snapshot();
        var dispatchWatch = Task.Run(async () =>
        {
            var (count, at) = await WaitDispatchedAsync(targetsDb, FanOutCode, clock, committed + TimeSpan.FromMinutes(4), ct);
            return (Count: count, At: at, Cpu: ProcessCpu.Snapshot().Since(cpuAtCommit));
        }, ct);
        var limit = TimeSpan.FromSeconds(c.Options.Quick ? 60 : 180);
        int seen = 0, seenAt60 = -1;
        while (clock.Elapsed - committed < limit)
        {
            seen = MailFiles(c).Count(f => !mailBefore.Contains(f));
            if (seenAt60 < 0 && clock.Elapsed - committed >= TimeSpan.FromSeconds(60)) seenAt60 = seen;
            if (seen >= n) break;
            await Task.Delay(500, ct);
        }
        var fanOutSeconds = (clock.Elapsed - committed).TotalSeconds;
        var fanOutCpu = ProcessCpu.Snapshot().Since(cpuAtCommit);
        var fanOutCpuText = $"{ProcessCpu.Describe(fanOutCpu.Take(7), min: 0.5)} ({Num(fanOutCpu.Sum(u => u.Seconds))} s of CPU in all over {Num(fanOutSeconds)} s, {Num(2 * fanOutSeconds)} s available)";
        if (seenAt60 < 0) seenAt60 = seen;
        var (dispatched, allDispatchedAt, drainCpu) = await dispatchWatch;

        var spanSeconds = await DispatchSpanSecondsAsync(targetsDb, FanOutCode, ct);
        var outboxRate = spanSeconds > 0 ? dispatched / spanSeconds : 0;
        var commitToLast = dispatched / Math.Max(0.001, (allDispatchedAt - committed).TotalSeconds);
        var drainSeconds = (allDispatchedAt - committed).TotalSeconds;
        var drainCpuText = $"{ProcessCpu.Describe(drainCpu.Take(6), min: 0.5)} ({Num(drainCpu.Sum(u => u.Seconds))} s of CPU in all over {Num(drainSeconds)} s, {Num(2 * drainSeconds)} s available)";
        c.Log.WriteLine($"  outbox: {dispatched} dispatched, {Num(outboxRate)}/s between the first and last confirm ({Num(commitToLast)}/s from commit, poll granularity 250 ms)");
        c.Log.WriteLine($"  CPU while it drained: {drainCpuText}");
        var (recipients, duplicates) = CountRecipients(MailFiles(c).Where(f => !mailBefore.Contains(f)));
        var stages = await FanOutStagesAsync(await c.System.ConnectionStringAsync("notificationsdb", ct), committedAt, ct);
        // The dispatcher's own events must have reached the bench's queues only: had one reached a service, its
        // replica would hold an obligation of those tasks by now (minutes later).
        var leaked = 0L;
        foreach (var (replica, column) in new[] { ("submissionsdb", "\"SubjectCode\""), ("notificationsdb", "subject_code") })
            leaked += await WriteScenarios.ScalarAsync(await c.System.ConnectionStringAsync(replica, ct),
                $"SELECT count(*) FROM obligations WHERE {column} IN ('{AloneCode}', '{AloneWarmUpCode}')", ct);
        c.Log.WriteLine($"  fan-out stages (s after the commit): {stages}");
        c.Log.WriteLine($"  fan-out: {seen} e-mails for {n} agencies after {fanOutSeconds:0.0} s ({seenAt60} at 60 s), {recipients} bench recipients, {duplicates} sent twice");
        c.Log.WriteLine($"  CPU from the commit to the last e-mail: {fanOutCpuText}");

        var ratio = bare > 0 ? outboxRate / bare : 0;
        var aloneRatio = bare > 0 ? alone.Rate / bare : 0;
        var raw = new Dictionary<string, object?>
        {
            ["messages"] = n, ["barePublishPerSecond"] = bare, ["outboxDispatched"] = dispatched, ["outboxSpanSeconds"] = spanSeconds,
            ["outboxPerSecond"] = outboxRate, ["outboxCommitToLastPerSecond"] = commitToLast,
            ["outboxAlonePerSecond"] = alone.Rate, ["outboxAloneDispatched"] = alone.Dispatched, ["outboxAloneLeaked"] = leaked,
            ["outboxDrainCpu"] = drainCpuText,
            ["fanOutEmails"] = seen, ["fanOutEmailsAt60s"] = seenAt60, ["fanOutSeconds"] = fanOutSeconds, ["recipients"] = recipients, ["duplicates"] = duplicates,
            ["fanOutStages"] = stages, ["fanOutCpu"] = fanOutCpuText,
        };
        var allIn = seenAt60 >= n;
        return
        [
            new("outbox dispatch", $"events/s from Targets' outbox rows to RabbitMQ with confirms ({n:N0} ObligationOpened), routed like the reference to two queues nobody consumes",
                $"{Num(alone.Rate)}/s", $"{Num(bare)}/s bare MassTransit publish loop, same broker, {InFlight} in flight", aloneRatio,
                "≥ 0.5× bare", aloneRatio >= 0.5 && alone.Dispatched >= n && leaked == 0 ? Verdict.Meets : Verdict.Misses,
                $"{alone.Dispatched:N0} of {n:N0} dispatched, counted between the first and last confirm; Submissions' and Notifications' bindings were off the exchange meanwhile" +
                (leaked == 0 ? ", and neither replica holds one of these events' obligations" : $", yet their replicas hold {leaked:N0} of these events' obligations: the measurement is void")),
            new("outbox dispatch", $"the same while Submissions and Notifications consume them (the fan-out's {n:N0} ObligationOpened)",
                $"{Num(outboxRate)}/s", $"{Num(bare)}/s bare MassTransit publish loop (consumed by nobody)", ratio,
                "≥ 0.5× bare", ratio >= 0.5 && dispatched >= n ? Verdict.Meets : Verdict.Misses,
                $"{dispatched:N0} of {n:N0} dispatched; {Num(commitToLast)}/s counted from the commit (includes the 1 s poll interval). CPU while the outbox drained: {drainCpuText}", raw),
            new("reminder fan-out", $"{n:N0} obligations due tomorrow → digests (one per agency) accepted by the SMTP sink",
                seen >= n ? $"all {n:N0} in {fanOutSeconds:0.0} s" : $"{seenAt60:N0} at 60 s, {seen:N0} at {fanOutSeconds:0} s", $"{Num(allDispatchedAt.TotalSeconds - committed.TotalSeconds)} s for the events to leave the outbox", null,
                "all within 60 s, none twice", allIn && duplicates == 0 ? Verdict.Meets : Verdict.Misses,
                $"{recipients:N0} distinct recipients, {duplicates} received a second copy; counted from the commit of the obligations, scheduler interval 15 s. Stages: {stages}. CPU from the commit to the last e-mail: {fanOutCpuText}"),
        ];
    }

    /// <summary>
    /// Where the fan-out's time went, from Notifications' own rows: when its replica of the obligations was
    /// written (the consumer), and how many e-mail reminders were sent or still pending and when.
    /// </summary>
    static async Task<string> FanOutStagesAsync(string notificationsDb, DateTimeOffset committedAt, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(notificationsDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT count(*) FROM obligations WHERE subject_code = '{FanOutCode}'), NULL,
                   count(*) FILTER (WHERE r.status = 'Sent'), count(*) FILTER (WHERE r.status = 'Pending' AND r.next_attempt_at <= now()),
                   extract(epoch FROM min(r.sent_at) - @t0), extract(epoch FROM max(r.sent_at) - @t0)
            FROM reminders r JOIN obligations o ON o.id = r.obligation_id
            WHERE o.subject_code = '{FanOutCode}' AND r.channel = 'Email'
            """, connection);
        command.Parameters.AddWithValue("t0", committedAt);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        string At(int i) => reader.IsDBNull(i) ? "—" : Num(Convert.ToDouble(reader.GetValue(i)));
        return $"{reader.GetInt64(0):N0} obligations replicated by Notifications; " +
               $"{reader.GetInt64(2):N0} e-mail reminders sent (first {At(4)} s, last {At(5)} s after the commit), {reader.GetInt64(3):N0} due and still pending";
    }

    /// <summary>
    /// The reference: the same number of messages published by a plain MassTransit bus, <see cref="InFlight"/> at a time, each confirmed.
    /// Like the outbox's ObligationOpened, which two services' queues receive, each message is routed to two durable
    /// queues (nobody consumes them; they are deleted afterwards), so the broker does the same work for both figures.
    /// </summary>
    static async Task<double> BarePublishRateAsync(BenchContext c, int count, CancellationToken ct)
    {
        var connectionString = await c.System.ConnectionStringAsync("messaging", ct);
        var services = new ServiceCollection();
        services.AddMassTransit(x => x.UsingRabbitMq((_, cfg) =>
        {
            cfg.Host(new Uri(connectionString));
            cfg.PublishTopology.GetMessageTopology<BenchPing>().Durable = true;
        }));
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(ct);
        try
        {
            await bus.Publish(new BenchPing(Guid.NewGuid(), "BA00000", "warm-up", "2026-Q4", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), ct);
            await using var broker = await BenchQueues.BindAsync(connectionString, "DxTrack.Bench.Scenarios:BenchPing", 2, ct);
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
                async (i, token) => await bus.Publish(new BenchPing(Guid.NewGuid(), DataSet.AgencyCode(i + 1),
                    "Báo cáo tiến độ thực hiện nhiệm vụ chuyển đổi số quý IV", "2026-Q4", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow), token));
            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    const string FanOutCode = "BENCH-FANOUT", WarmUpCode = "BENCH-WARMUP", AloneCode = "BENCH-ALONE", AloneWarmUpCode = "BENCH-ALONE-WARMUP";
    const int WarmUpAgencies = 100;

    /// <summary>Publishes awaiting their confirms at once in the reference: as many as the dispatcher's round (its default batch).</summary>
    const int InFlight = 500;
    const string ObligationOpenedExchange = "DxTrack.Contracts:ObligationOpened";

    /// <summary>
    /// Targets' own dispatcher in the reference's conditions: <paramref name="count"/> <c>ObligationOpened</c> rows in its
    /// outbox (events only, no obligations behind them), published while the exchange routes to two bench queues that
    /// nobody consumes instead of the services' queues, as the bare loop's messages are. A warm-up batch goes first,
    /// so the figure is not the dispatcher's first use of its code.
    /// </summary>
    static async Task<(double Rate, long Dispatched)> DispatcherAloneAsync(BenchContext c, string targetsDb, int count,
        CancellationToken ct)
    {
        var amqp = await c.System.ConnectionStringAsync("messaging", ct);
        await using var diverted = await BenchQueues.DivertAsync(amqp, c.System.BrokerManagementApi, ObligationOpenedExchange, 2, ct);
        var clock = Stopwatch.StartNew();
        var warmUp = Math.Min(count, 500);
        await QueueEventsAsync(targetsDb, AloneWarmUpCode, warmUp, ct);
        await WaitDispatchedAsync(targetsDb, AloneWarmUpCode, clock, TimeSpan.FromMinutes(1), ct);

        await QueueEventsAsync(targetsDb, AloneCode, count, ct);
        var (dispatched, _) = await WaitDispatchedAsync(targetsDb, AloneCode, clock, clock.Elapsed + TimeSpan.FromMinutes(4), ct);
        var span = await DispatchSpanSecondsAsync(targetsDb, AloneCode, ct);
        return (span > 0 ? dispatched / span : 0, dispatched);
    }

    /// <summary>
    /// Waits until no row of task <paramref name="code"/> is left to dispatch or <paramref name="deadline"/> passes; returns
    /// how many were dispatched and when the wait ended. The wait counts only pending rows, which the outbox's partial
    /// index holds and nothing else, so watching the drain costs the database next to nothing (a scan of every row's
    /// body four times a second took a visible share of PostgreSQL's CPU while it drained).
    /// </summary>
    static async Task<(long Count, TimeSpan At)> WaitDispatchedAsync(string targetsDb, string code, Stopwatch clock,
        TimeSpan deadline, CancellationToken ct)
    {
        while (clock.Elapsed < deadline && await WriteScenarios.ScalarAsync(targetsDb,
                   $"SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL AND body->>'subjectCode' = '{code}'", ct) > 0)
            await Task.Delay(250, ct);
        var at = clock.Elapsed;
        return (await WriteScenarios.ScalarAsync(targetsDb,
            $"SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NOT NULL AND body->>'subjectCode' = '{code}'", ct), at);
    }

    /// <summary>Seconds between the first and the last confirm of task <paramref name="code"/>'s events, from the rows' own marks.</summary>
    static async Task<double> DispatchSpanSecondsAsync(string targetsDb, string code, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(targetsDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT extract(epoch FROM max(dispatched_at) - min(dispatched_at)) FROM outbox_messages WHERE body->>'subjectCode' = '{code}'",
            connection);
        return Convert.ToDouble(await command.ExecuteScalarAsync(ct) is { } v and not DBNull ? v : 0d);
    }

    // The same event bodies as OpenDueTomorrowSql writes, without the obligations behind them.
    const string QueueEventsSql =
        """
        INSERT INTO outbox_messages (message_id, message_type, body, aggregate_key, trace_parent, created_at, dispatched_at, attempts, last_error)
        SELECT gen_random_uuid(), 'DxTrack.Contracts.ObligationOpened, DxTrack.Contracts',
               jsonb_build_object('obligationId', md5(@code || '-' || a)::uuid, 'agencyCode', 'BA' || lpad(a::text, 5, '0'),
                                  'subject', 'Task', 'subjectId', md5(@code || '-task')::uuid, 'subjectCode', @code,
                                  'title', 'Báo cáo tiến độ nhiệm vụ chuyển đổi số quý IV/2026', 'period', '2026-Q4',
                                  'dueAt', now() + interval '1 day', 'measure', NULL, 'openedAt', now()),
               md5(@code || '-' || a)::uuid::text, NULL, now(), NULL, 0, NULL
        FROM generate_series(1, @agencies) AS a;
        """;

    static Task OpenDueTomorrowAsync(string targetsDb, string code, int agencies, CancellationToken ct) =>
        ForAgenciesAsync(targetsDb, OpenDueTomorrowSql, code, agencies, ct);

    static Task QueueEventsAsync(string targetsDb, string code, int agencies, CancellationToken ct) =>
        ForAgenciesAsync(targetsDb, QueueEventsSql, code, agencies, ct);

    /// <summary>Runs one of the statements below for agencies 1 to <paramref name="agencies"/> of task <paramref name="code"/>.</summary>
    static async Task ForAgenciesAsync(string targetsDb, string sql, string code, int agencies, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(targetsDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        command.Parameters.AddWithValue("agencies", agencies);
        command.Parameters.AddWithValue("code", code);
        await command.ExecuteNonQueryAsync(ct);
    }

    // One obligation per agency (of task @code), due at the end of tomorrow (Asia/Ho_Chi_Minh), and its event, in one transaction.
    const string OpenDueTomorrowSql =
        """
        WITH due AS (
            SELECT ((date_trunc('day', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '2 days' - interval '1 second')
                    AT TIME ZONE 'Asia/Ho_Chi_Minh') AS at),
        opened AS (
            INSERT INTO obligations (id, agency_code, subject, subject_id, subject_code, title, period, due_at, measure,
                                     plan_id, status, opened_at, fulfilled_at, cancelled_at, cancel_reason)
            SELECT md5(@code || '-' || a)::uuid, 'BA' || lpad(a::text, 5, '0'), 'Task', md5(@code || '-task')::uuid,
                   @code, 'Báo cáo tiến độ nhiệm vụ chuyển đổi số quý IV/2026', '2026-Q4', due.at, NULL,
                   md5('bench-plan')::uuid, 'Open', now(), NULL, NULL, NULL
            FROM generate_series(1, @agencies) AS a CROSS JOIN due
            RETURNING id, agency_code, subject_id, subject_code, title, period, due_at, opened_at)
        INSERT INTO outbox_messages (message_id, message_type, body, aggregate_key, trace_parent, created_at, dispatched_at, attempts, last_error)
        SELECT gen_random_uuid(), 'DxTrack.Contracts.ObligationOpened, DxTrack.Contracts',
               jsonb_build_object('obligationId', id, 'agencyCode', agency_code, 'subject', 'Task', 'subjectId', subject_id,
                                  'subjectCode', subject_code, 'title', title, 'period', period, 'dueAt', due_at,
                                  'measure', NULL, 'openedAt', opened_at),
               id::text, NULL, now(), NULL, 0, NULL
        FROM opened;
        """;

    static string[] MailFiles(BenchContext c) =>
        Directory.Exists(c.System.MailFolder) ? Directory.GetFiles(c.System.MailFolder, "*.eml") : [];

    /// <summary>Distinct bench recipients of the given messages, and how many received more than one of them.</summary>
    static (int Recipients, int Duplicates) CountRecipients(IEnumerable<string> files)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
            if (Recipient(File.ReadLines(file)) is { } to && to.EndsWith(".bench.vn", StringComparison.OrdinalIgnoreCase))
                counts[to] = counts.GetValueOrDefault(to) + 1;
        return (counts.Count, counts.Values.Count(v => v > 1));
    }

    /// <summary>The address in a message's <c>To:</c> header (headers may be folded over several lines).</summary>
    internal static string? Recipient(IEnumerable<string> lines)
    {
        string? to = null;
        foreach (var line in lines)
        {
            if (line.Length == 0) break; // end of the headers
            if (to is not null && (line[0] == ' ' || line[0] == '\t')) to += " " + line.Trim();
            else if (to is not null) break;
            else if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase)) to = line[3..].Trim();
        }
        if (to is null) return null;
        var open = to.LastIndexOf('<');
        var close = to.LastIndexOf('>');
        return open >= 0 && close > open ? to[(open + 1)..close] : to;
    }
}
