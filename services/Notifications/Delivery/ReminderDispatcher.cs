using DxTrack.Notifications.Agencies;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// Sends the reminders that are due, each key at most once however many instances run: due rows are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c> and stay locked until their outcome (sent, retry later,
/// failed, skipped) commits, so another instance neither waits for them nor sees them as still due.
/// Reminders of one agency that are due together go to a recipient as one message per channel.
/// </summary>
public sealed class ReminderDispatcher(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ReminderClock clock,
    ReminderTexts texts,
    IEmailSender email,
    ISmsProvider sms,
    IOptions<SchedulerOptions> options,
    ILogger<ReminderDispatcher> logger)
{
    /// <summary>Sends everything due now; returns how many reminders were settled (sent, failed, skipped or rescheduled).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var settled = await DispatchBatchAsync(ct);
            total += settled;
            if (settled < options.Value.BatchSize) return total;
        }
    }

    async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().ToUniversalTime();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Reminders.FromSql($"""
                SELECT * FROM reminders
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY agency_code, channel, recipient, next_attempt_at
                LIMIT {options.Value.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (due.Count == 0) return 0;

            var obligationIds = due.Select(r => r.ObligationId).Distinct().ToList();
            var obligations = await db.Obligations.Where(o => obligationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var agencyCodes = due.Select(r => r.AgencyCode).Distinct().ToList();
            var agencies = await db.Agencies.Where(a => agencyCodes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);

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

            foreach (var group in sendable.GroupBy(r => (r.AgencyCode, r.Channel, r.Recipient)))
                await SendAsync(db, group.ToList(), obligations, agencies.GetValueOrDefault(group.Key.AgencyCode) ?? group.Key.AgencyCode, now, ct);

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return due.Count;
        });
    }

    async Task SendAsync(NotificationsDb db, List<Reminder> rows, IReadOnlyDictionary<Guid, ObligationReplica> obligations,
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
        }
    }
}
