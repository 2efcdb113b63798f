using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Delivery;

/// <summary>One obligation in a reminder message.</summary>
public sealed record DigestLine(ReminderStep Step, string Title, string SubjectCode, string Period, DateTimeOffset Deadline, string? Note);
