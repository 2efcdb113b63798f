namespace DxTrack.Notifications.Reminders;

/// <summary>A reminder as operators and the obligation view show it; also one entry of the delivery log.</summary>
public sealed record ReminderView(
    Guid Id,
    Guid ObligationId,
    string AgencyCode,
    string Step,
    ReminderChannel Channel,
    string Recipient,
    bool Escalated,
    DateTimeOffset SendAt,
    DateTimeOffset NextAttemptAt,
    ReminderStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? SentAt,
    string? ProviderMessageId,
    Guid? MessageId)
{
    public static ReminderView From(Reminder r) => new(r.Id, r.ObligationId, r.AgencyCode, r.Step, r.Channel, r.Recipient,
        r.Escalated, r.SendAt, r.NextAttemptAt, r.Status, r.Attempts, r.LastError, r.SentAt, r.ProviderMessageId, r.MessageId);
}
