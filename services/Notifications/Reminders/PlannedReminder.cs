namespace DxTrack.Notifications.Reminders;

/// <summary>A reminder the policy wants: its key (step, channel, recipient address) and its send instant.</summary>
public sealed record PlannedReminder(ReminderStep Step, ReminderChannel Channel, Recipient Recipient, DateTimeOffset SendAt);
