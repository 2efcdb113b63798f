using System.Diagnostics;
using System.Runtime.CompilerServices;
using DxTrack.Messaging;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// Sends the reminders that are due, each key at most once however many instances run.
/// <list type="bullet">
/// <item>An agency is served by one instance at a time (a session advisory lock it tries, and skips the agency when
/// another instance holds it), so all of an agency's reminders that are due reach a recipient as one message per
/// channel, however many there are.</item>
/// <item>Each recipient's message is a unit of its own: its due rows are locked, the message is sent, the rows are
/// marked and the transaction commits before the next recipient's. A failure or a crash therefore loses at most
/// the record of the one message in flight (it is sent again later); every message before it is committed.</item>
/// <item>Nothing here retries a unit: the contexts come from <see cref="DispatchContexts"/>, without the
/// retrying execution strategy, so a transient database error after a send can never send it again.</item>
/// <item>Several agencies are served at once (<see cref="SchedulerOptions.Parallelism"/>), so a round with thousands
/// of agencies keeps the mail server connections busy.</item>
/// </list>
/// </summary>
public sealed class ReminderDispatcher(
    DispatchContexts contexts,
    TimeProvider time,
    ReminderClock clock,
    ReminderTexts texts,
    IEmailSender email,
    ISmsProvider sms,
    IOptions<SchedulerOptions> options,
    ILogger<ReminderDispatcher> logger)
{
    static readonly ActivitySource Source = new("DxTrack.Notifications");

    /// <summary>Sends everything due now; returns how many reminders were settled (sent, failed, skipped, cancelled or deferred).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var settled = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(DueAgenciesAsync(time.GetUtcNow(), ct), parallel, async (agencyCode, token) =>
            Interlocked.Add(ref settled, await DispatchAgencyAsync(agencyCode, token)));
        return settled;
    }

    /// <summary>Agencies with reminders due at <paramref name="now"/>, in code order, a page at a time.</summary>
    async IAsyncEnumerable<string> DueAgenciesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        var pageSize = options.Value.BatchSize;
        var after = "";
        while (true)
        {
            List<string> page;
            // Asked every few seconds whether anything is due: not a trace of its own (each agency's digest is one).
            using (SuppressInstrumentationScope.Begin())
            await using (var db = contexts.Create())
                page = await db.Reminders
                    .Where(r => r.Status == ReminderStatus.Pending && r.NextAttemptAt <= now && string.Compare(r.AgencyCode, after) > 0)
                    .Select(r => r.AgencyCode).Distinct().OrderBy(code => code).Take(pageSize).ToListAsync(ct);
            foreach (var code in page) yield return code;
            if (page.Count < pageSize) yield break;
            after = page[^1];
        }
    }

    async Task<int> DispatchAgencyAsync(string agencyCode, CancellationToken ct)
    {
        // One trace per agency's round, its database calls and messages inside it.
        using var activity = Source.StartActivity("reminder digest");
        activity?.SetTag("dxtrack.agency_code", agencyCode);
        await using var db = contexts.Create();
        await db.Database.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        var claim = await ClaimAsync(db, agencyCode, now, ct);
        if (!claim[0].Claimed)
        {
            activity?.SetTag("dxtrack.claimed_elsewhere", true);
            return 0;
        }
        var settled = 0;
        try
        {
            var agencyName = claim[0].AgencyName ?? agencyCode;
            // Candidates only: each recipient's unit locks and reads its due rows again before it sends.
            var recipients = claim.Where(r => r is { Channel: not null, Recipient: not null })
                .Select(r => (Channel: Enum.Parse<ReminderChannel>(r.Channel!), Recipient: r.Recipient!))
                .OrderBy(r => r.Channel).ThenBy(r => r.Recipient, StringComparer.Ordinal).ToList();
            foreach (var (channel, recipient) in recipients)
                settled += await DispatchRecipientAsync(db, agencyCode, agencyName, channel, recipient, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The database may have failed or a lock wait deadlocked: what was committed stays, the rest is still due.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.LogError(ex, "Sending the reminders of agency {AgencyCode} stopped; the rest go next round", agencyCode);
        }
        finally
        {
            await ReleaseAsync(db, agencyCode);
        }
        activity?.SetTag("dxtrack.reminders_settled", settled);
        return settled;
    }

    /// <summary>One row of <see cref="ClaimAsync"/>: whether the agency is ours, its name, and one recipient with reminders due.</summary>
    sealed record ClaimRow(bool Claimed, string? AgencyName, string? Channel, string? Recipient);

    /// <summary>
    /// Claims the agency for this instance and, once claimed, lists its recipients with reminders due: one round trip.
    /// The claim is a session advisory lock in a key space of its own (two int keys), apart from the planning locks'
    /// single keys, so planning an agency's reminders never waits for its messages to be sent. The recipients are read
    /// only when the lock was taken (the lateral join depends on it). There is always a first row: unclaimed, or
    /// claimed with no recipient due (channel and recipient null).
    /// </summary>
    static Task<List<ClaimRow>> ClaimAsync(NotificationsDb db, string agencyCode, DateTimeOffset now, CancellationToken ct) =>
        db.Database.SqlQuery<ClaimRow>($"""
            SELECT c.claimed AS "Claimed", a.name AS "AgencyName", d.channel AS "Channel", d.recipient AS "Recipient"
            FROM (SELECT pg_try_advisory_lock(hashtext('notifications-dispatch'), hashtext({agencyCode})) AS claimed) AS c
            LEFT JOIN agencies AS a ON a.code = {agencyCode}
            LEFT JOIN LATERAL (
                SELECT DISTINCT channel, recipient FROM reminders
                WHERE c.claimed AND agency_code = {agencyCode} AND status = 'Pending' AND next_attempt_at <= {now}
            ) AS d ON true
            """).ToListAsync(ct);

    async Task ReleaseAsync(NotificationsDb db, string agencyCode)
    {
        try
        {
            await db.Database.SqlQuery<bool>(
                $"SELECT pg_advisory_unlock(hashtext('notifications-dispatch'), hashtext({agencyCode})) AS \"Value\"").SingleAsync();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the server released the lock with it.
            logger.LogDebug(ex, "Dispatch lock of agency {AgencyCode} released with its connection", agencyCode);
        }
    }

    /// <summary>One recipient's due reminders of one agency on one channel: one message, committed before the next.</summary>
    async Task<int> DispatchRecipientAsync(NotificationsDb db, string agencyCode, string agencyName, ReminderChannel channel,
        string recipient, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginUnitAsync(ct);
        // Locked until the outcome commits: a fulfilment or a move of one of them waits, then finds it settled.
        // With their obligations, in the same round trip (a row whose obligation is unknown here gets null).
        var locked = await (
            from r in db.Reminders.FromSql($"""
                SELECT * FROM reminders
                WHERE agency_code = {agencyCode} AND channel = {channel.ToString()} AND recipient = {recipient}
                  AND status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY id
                FOR UPDATE
                """)
            join o in db.Obligations on r.ObligationId equals o.Id into known
            from o in known.DefaultIfEmpty()
            select new { Row = r, Obligation = o }).ToListAsync(ct);
        if (locked.Count == 0) return 0;

        var due = locked.OrderBy(x => x.Row.Id).Select(x => x.Row).ToList();
        var obligations = locked.Where(x => x.Obligation is not null).DistinctBy(x => x.Row.ObligationId)
            .ToDictionary(x => x.Row.ObligationId, x => x.Obligation!);
        var sendable = new List<Reminder>();
        foreach (var row in due)
        {
            var obligation = obligations.GetValueOrDefault(row.ObligationId);
            if (obligation is null || obligation.Status != ObligationStatus.Open)
                row.Cancel("Obligation no longer open", now);
            else if (row.ParsedStep.CountsDown && obligation.Deadline <= now)
                row.Skip("Deadline passed before it could be sent", now);
            else if (row.Channel == ReminderChannel.Sms && !clock.SmsAllowedAt(now))
                row.Defer(clock.NextSmsInstant(now), now);
            else
                sendable.Add(row);
        }

        var sent = sendable.Count > 0 && await SendAsync(db, sendable, obligations, agencyName, now, ct);
        try
        {
            // Once a message is out, its record is written even when the round is being stopped.
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (sent)
        {
            logger.LogError(ex, "A {Channel} message for agency {AgencyCode} was sent but not recorded; it will be sent again",
                channel, agencyCode);
            throw;
        }
        return due.Count;
    }

    /// <summary>Sends one message listing the rows' obligations; marks the rows sent, or the attempt failed. True when sent.</summary>
    async Task<bool> SendAsync(NotificationsDb db, List<Reminder> rows, IReadOnlyDictionary<Guid, ObligationReplica> obligations,
        string agencyName, DateTimeOffset now, CancellationToken ct)
    {
        var first = rows[0];
        var lines = rows.GroupBy(r => r.ObligationId).Select(g =>
        {
            // One line per obligation: a return notice says the most, otherwise the latest step.
            var row = g.OrderByDescending(r => r.ParsedStep.Kind == StepKind.Returned).ThenByDescending(r => r.ParsedStep.Kind)
                .ThenByDescending(r => r.ParsedStep.Kind == StepKind.BeforeDue ? -r.ParsedStep.Days : r.ParsedStep.Days).First();
            var o = obligations[g.Key];
            return new DigestLine(row.ParsedStep, o.Title, o.SubjectCode, o.Period, o.Deadline, row.Note);
        }).OrderBy(l => l.Deadline).ToList();

        string? subject = null;
        string body;
        try
        {
            string? providerId;
            if (first.Channel == ReminderChannel.Email)
            {
                var message = texts.Email(first.Recipient, first.RecipientName, first.Language, agencyName, lines,
                    rows.Any(r => r.Escalated), now);
                subject = message.Subject;
                body = message.TextBody;
                providerId = await email.SendAsync(message, ct);
            }
            else
            {
                body = texts.Sms(first.Language, first.AgencyCode, lines, now);
                providerId = await sms.SendAsync(first.Recipient, body, ct);
            }

            var sent = new SentMessage(Guid.CreateVersion7(now), first.AgencyCode, first.Channel, first.Recipient, subject, body,
                rows.Count, providerId, now);
            db.SentMessages.Add(sent);
            foreach (var row in rows) row.MarkSent(sent.Id, providerId, now);
            logger.LogInformation("Sent {Channel} message with {Count} reminders for agency {AgencyCode}",
                first.Channel, rows.Count, first.AgencyCode);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            foreach (var row in rows)
            {
                var attempt = row.Attempts + 1;
                DateTimeOffset? retryAt = attempt >= clock.Policy.MaxAttempts
                    ? null
                    : clock.Deliverable(row.Channel, now + clock.RetryDelay(attempt));
                row.MarkAttemptFailed($"{ex.GetType().Name}: {ex.Message}", retryAt, now);
            }
            logger.LogWarning(ex, "Sending {Channel} message with {Count} reminders for agency {AgencyCode} failed (attempt {Attempt})",
                first.Channel, rows.Count, first.AgencyCode, first.Attempts);
            return false;
        }
    }
}
