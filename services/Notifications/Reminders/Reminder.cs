namespace DxTrack.Notifications.Reminders;

/// <summary>
/// One reminder to one recipient on one channel, keyed by (obligation, step, channel, recipient) so it
/// exists once however often it is planned. The row is also its delivery log entry: attempts, last error,
/// when it was sent and the provider's message id.
/// </summary>
public sealed class Reminder
{
    Reminder() { }

    public Reminder(Guid obligationId, string agencyCode, ReminderStep step, ReminderChannel channel,
        Recipient recipient, DateTimeOffset sendAt, DateTimeOffset now, string? note = null)
    {
        Id = Guid.CreateVersion7(now);
        ObligationId = obligationId;
        AgencyCode = agencyCode;
        Step = step.Code;
        Channel = channel;
        Recipient = recipient.Address;
        RecipientName = recipient.Name;
        Language = recipient.Language;
        Escalated = recipient.Escalation;
        Note = note;
        SendAt = sendAt;
        NextAttemptAt = sendAt;
        Status = ReminderStatus.Pending;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ObligationId { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public string Step { get; private set; } = "";
    public ReminderChannel Channel { get; private set; }

    /// <summary>E-mail address or phone number.</summary>
    public string Recipient { get; private set; } = "";
    public string RecipientName { get; private set; } = "";
    public string Language { get; private set; } = "vi";

    /// <summary>Sent because the obligation is overdue enough to involve the head and the secretariat.</summary>
    public bool Escalated { get; private set; }

    /// <summary>Extra text for the message, e.g. why a report was returned.</summary>
    public string? Note { get; private set; }

    /// <summary>When the policy wants it sent (after quiet hours).</summary>
    public DateTimeOffset SendAt { get; private set; }

    /// <summary>When the scheduler should try it next: <see cref="SendAt"/>, then later after a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public ReminderStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? ProviderMessageId { get; private set; }

    /// <summary>The message (possibly a digest of several reminders) that carried it.</summary>
    public Guid? MessageId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public ReminderStep ParsedStep => ReminderStep.Parse(Step);

    /// <summary>Moves a pending reminder (or revives a cancelled one) to a new instant and recipient details.</summary>
    public bool Replan(DateTimeOffset sendAt, Recipient recipient, DateTimeOffset now)
    {
        if (Status is not (ReminderStatus.Pending or ReminderStatus.Cancelled)) return false;
        var changed = Status != ReminderStatus.Pending || SendAt != sendAt || RecipientName != recipient.Name
                      || Language != recipient.Language || Escalated != recipient.Escalation;
        if (!changed) return false;
        var revived = Status == ReminderStatus.Cancelled;
        Status = ReminderStatus.Pending;
        SendAt = sendAt;
        NextAttemptAt = Attempts == 0 || NextAttemptAt < sendAt ? sendAt : NextAttemptAt;
        RecipientName = recipient.Name;
        Language = recipient.Language;
        Escalated = recipient.Escalation;
        if (revived) LastError = null;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Waits for a later instant (an SMS that came due in quiet hours, say) without counting an attempt.</summary>
    public void Defer(DateTimeOffset until, DateTimeOffset now)
    {
        if (Status != ReminderStatus.Pending) throw new InvalidOperationException($"Reminder {Id} is {Status}, not pending.");
        NextAttemptAt = until;
        UpdatedAt = now;
    }

    public bool Cancel(string reason, DateTimeOffset now) => Close(ReminderStatus.Cancelled, reason, now);

    public bool Skip(string reason, DateTimeOffset now) => Close(ReminderStatus.Skipped, reason, now);

    bool Close(ReminderStatus status, string reason, DateTimeOffset now)
    {
        if (Status != ReminderStatus.Pending) return false;
        Status = status;
        LastError = reason;
        UpdatedAt = now;
        return true;
    }

    public void MarkSent(Guid messageId, string? providerMessageId, DateTimeOffset now)
    {
        if (Status != ReminderStatus.Pending) throw new InvalidOperationException($"Reminder {Id} is {Status}, not pending.");
        Status = ReminderStatus.Sent;
        Attempts++;
        SentAt = now;
        MessageId = messageId;
        ProviderMessageId = providerMessageId;
        LastError = null;
        UpdatedAt = now;
    }

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or Failed when there is none.</summary>
    public void MarkAttemptFailed(string error, DateTimeOffset? retryAt, DateTimeOffset now)
    {
        if (Status != ReminderStatus.Pending) throw new InvalidOperationException($"Reminder {Id} is {Status}, not pending.");
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        if (retryAt is null) Status = ReminderStatus.Failed;
        else NextAttemptAt = retryAt.Value;
        UpdatedAt = now;
    }
}
