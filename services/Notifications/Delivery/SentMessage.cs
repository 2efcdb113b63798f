using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Delivery;

/// <summary>One message handed to the mail server or SMS provider: a digest of one or more reminders.</summary>
public sealed class SentMessage
{
    SentMessage() { }

    public SentMessage(Guid id, string agencyCode, ReminderChannel channel, string recipient, string? subject, string body,
        int reminderCount, string? providerMessageId, DateTimeOffset sentAt)
    {
        Id = id;
        AgencyCode = agencyCode;
        Channel = channel;
        Recipient = recipient;
        Subject = subject;
        Body = body;
        ReminderCount = reminderCount;
        ProviderMessageId = providerMessageId;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public ReminderChannel Channel { get; private set; }
    public string Recipient { get; private set; } = "";
    public string? Subject { get; private set; }
    public string Body { get; private set; } = "";
    public int ReminderCount { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
