using Npgsql;

namespace DxTrack.Bench.Harness;

/// <summary>
/// Loads the national-scale data set straight into the three services' databases, with PostgreSQL
/// generating the rows (<c>generate_series</c>), because loading millions of rows through the API or
/// one event each would take hours. Each service gets what it would have learnt from the events
/// (<c>AgencyChanged</c>, <c>ObligationOpened</c>): Targets the agencies, one approved plan, its
/// indicators and every obligation; Submissions and Notifications their replicas of agencies and
/// obligations, with the same ids (derived from md5 of a stable name, so all three agree without
/// moving rows between databases). The bulk obligations have no planned reminders: the reminder
/// fan-out scenario opens its own obligations through Targets' outbox, as a real plan approval would.
/// </summary>
public static class DataSet
{
    public const string AgencyPrefix = "BA";

    public static string AgencyCode(int agency) => $"{AgencyPrefix}{agency:00000}";

    /// <summary>The same deterministic obligation id every database gets (as PostgreSQL computes it).</summary>
    public static Guid ObligationId(int agency, int indicator, int month) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(
            System.Text.Encoding.UTF8.GetBytes($"bench-ob-{agency}-{indicator}-{month}"))));

    // Rows: a = agency 1..N, i = indicator 1..I, m = month 1..M.
    const string Agencies = "generate_series(1, @agencies) AS a";
    const string Code = "'BA' || lpad(a::text, 5, '0')";
    const string Kind = "CASE WHEN a <= 20 THEN 'Department' WHEN a <= 120 THEN 'District' ELSE 'Commune' END";
    const string ObligationRows =
        "generate_series(1, @agencies) AS a CROSS JOIN generate_series(1, @indicators) AS i CROSS JOIN generate_series(1, @months) AS m";
    const string ObId = "md5('bench-ob-' || a || '-' || i || '-' || m)::uuid";
    const string IndId = "md5('bench-ind-' || i)::uuid";
    const string IndCode = "'BM-' || lpad(i::text, 2, '0')";
    const string Period = "'2026-M' || lpad(m::text, 2, '0')";
    // Due the 15th of the following month, end of the day in Asia/Ho_Chi_Minh.
    const string DueAt = "((make_date(2026, m, 1) + interval '1 month' + interval '15 days')::timestamp - interval '1 second') AT TIME ZONE 'Asia/Ho_Chi_Minh'";
    const string Title = "'Báo cáo chỉ tiêu ' || " + IndCode + " || ' tháng ' || m || '/2026'";

    // Building an index once after the rows are in is much faster than updating it per row: the
    // obligations table's secondary indexes are dropped for the load and created again, as they were.
    const string DropIndexes =
        """
        SET maintenance_work_mem = '256MB';
        CREATE TEMP TABLE bench_indexes AS
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = 'obligations'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT indexname FROM bench_indexes LOOP EXECUTE 'DROP INDEX ' || quote_ident(r.indexname); END LOOP;
        END $$;
        """;
    const string RecreateIndexes =
        """
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT indexdef FROM bench_indexes LOOP EXECUTE r.indexdef; END LOOP;
        END $$;
        """;

    public static async Task<long> LoadAsync(string targetsDb, string submissionsDb, string notificationsDb,
        int agencies, int indicators, int months, TextWriter log, CancellationToken ct)
    {
        object[] args = [("agencies", agencies), ("indicators", indicators), ("months", months)];
        // The three databases load at once: each is one PostgreSQL backend, so two cores are both busy.
        var targets = RunAsync(targetsDb, log, "targets", ct, args,
            $"""
            INSERT INTO agencies (id, code, name, kind, parent_code, is_active, version, changed_at, contacts)
            SELECT md5('bench-ag-' || a)::uuid, {Code}, 'Đơn vị thử tải ' || a, {Kind}, NULL, true, 1, now(),
                   jsonb_build_array(jsonb_build_object('Name', 'Cán bộ đầu mối ' || a,
                       'Email', 'dau-moi@' || lower({Code}) || '.bench.vn', 'Phone', NULL, 'IsHead', false, 'SmsOptOut', false))
            FROM {Agencies};
            INSERT INTO plans (id, series_id, code, version, previous_version_id, title, start_year, end_year, starts_on, ends_on,
                               status, consultation_deadline, consulted_agencies, created_at, approved_at, superseded_at)
            VALUES (md5('bench-plan')::uuid, md5('bench-plan-series')::uuid, 'BENCH-2026', 1, NULL,
                    'Kế hoạch thử tải năm 2026', 2026, 2026, '2026-01-01', '2026-12-31', 'Approved', NULL, ARRAY[]::text[], now(), now(), NULL);
            INSERT INTO indicators (id, plan_id, code, pillar_code, name, measure, numerator_label, denominator_label,
                                    baseline_value, baseline_date, target_value, target_date, direction, lead_agency_code,
                                    reporting_agencies, reporting_kind, frequency, due_offset_days)
            SELECT {IndId}, md5('bench-plan')::uuid, {IndCode}, (ARRAY['CQS','KTS','XHS'])[1 + i % 3],
                   'Chỉ tiêu thử tải ' || i, 'Percent', NULL, NULL, NULL, NULL, 100, '2026-12-31', 'Increase', 'BA00001',
                   ARRAY[]::text[], 'Commune', 'Monthly', 15
            FROM generate_series(1, @indicators) AS i;
            {DropIndexes}
            INSERT INTO obligations (id, agency_code, subject, subject_id, subject_code, title, period, due_at, measure,
                                     plan_id, status, opened_at, fulfilled_at, cancelled_at, cancel_reason)
            SELECT {ObId}, {Code}, 'Indicator', {IndId}, {IndCode}, {Title}, {Period}, {DueAt}, 'Percent',
                   md5('bench-plan')::uuid, 'Open', now(), NULL, NULL, NULL
            FROM {ObligationRows};
            {RecreateIndexes}
            """);
        var submissions = RunAsync(submissionsDb, log, "submissions", ct, args,
            $"""
            INSERT INTO agencies ("Code", "Name", "Kind", "ParentCode", "IsActive", "InactiveSince", "Version", "ChangedAt")
            SELECT {Code}, 'Đơn vị thử tải ' || a, {Kind}, NULL, true, NULL, 1, now() FROM {Agencies};
            {DropIndexes}
            INSERT INTO obligations ("Id", "AgencyCode", "Subject", "SubjectId", "SubjectCode", "Title", "Period", "DueAt",
                                     "Measure", "OpenedAt", "DueChangedAt", "CancelledAt", "CancelReason")
            SELECT {ObId}, {Code}, 'Indicator', {IndId}, {IndCode}, {Title}, {Period}, {DueAt}, 'Percent', now(), now(), NULL, NULL
            FROM {ObligationRows};
            {RecreateIndexes}
            """);
        var notifications = RunAsync(notificationsDb, log, "notifications", ct, args,
            $"""
            INSERT INTO agencies (code, name, is_active, version) SELECT {Code}, 'Đơn vị thử tải ' || a, true, 1 FROM {Agencies};
            INSERT INTO contacts (id, agency_code, ordinal, name, email, phone, is_head, sms_opt_out)
            SELECT md5('bench-contact-' || a)::uuid, {Code}, 0, 'Cán bộ đầu mối ' || a,
                   'dau-moi@' || lower({Code}) || '.bench.vn', NULL, false, false
            FROM {Agencies};
            {DropIndexes}
            INSERT INTO obligations (id, agency_code, subject, subject_code, title, period, due_at, fix_by, status,
                                     fulfilled_at, last_revision, updated_at)
            SELECT {ObId}, {Code}, 'Indicator', {IndCode}, {Title}, {Period}, {DueAt}, NULL, 'Open', NULL, 0, now()
            FROM {ObligationRows};
            {RecreateIndexes}
            """);
        await Task.WhenAll(targets, submissions, notifications);
        await SettleAsync(targetsDb, log, ct);
        return (long)agencies * indicators * months;
    }

    /// <summary>
    /// Writes the loaded data out before the first scenario, as pgbench does before a run: a checkpoint (the three
    /// databases share one server), then the kernel's dirty pages, then a wait until the machine is quiet. Otherwise
    /// the checkpointer, spreading the load's writes over minutes, and the kernel's writeback compete with the first
    /// scenarios for the two cores and the disk.
    /// </summary>
    static async Task SettleAsync(string connectionString, TextWriter log, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 900 };
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        using (var sync = System.Diagnostics.Process.Start("sync")!)
            await sync.WaitForExitAsync(ct);
        var busy = await ProcessCpu.QuietAsync(0.5, TimeSpan.FromSeconds(60), ct);
        log.WriteLine($"  written out and settled in {started.Elapsed.TotalSeconds:0.0} s (the machine then used {busy:0.00} cores)");
    }

    static async Task RunAsync(string connectionString, TextWriter log, string name, CancellationToken ct,
        object[] args, string sql)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 900 };
        foreach (var (key, value) in args.Cast<(string, int)>()) command.Parameters.AddWithValue(key, value);
        await command.ExecuteNonQueryAsync(ct);
        // Vacuumed as well as analysed: otherwise autovacuum visits every new row (to mark the pages all-visible)
        // during the first scenarios, minutes of a core at 3.6 million obligations. VACUUM runs outside any
        // transaction, so in a command of its own.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 900 };
        await vacuum.ExecuteNonQueryAsync(ct);
        log.WriteLine($"  {name}: loaded in {started.Elapsed.TotalSeconds:0.0} s");
    }
}
