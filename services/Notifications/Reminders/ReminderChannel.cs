namespace DxTrack.Notifications.Reminders;

/// <summary>How a reminder reaches its recipient.</summary>
public enum ReminderChannel
{
    Email,
    Sms,
}
