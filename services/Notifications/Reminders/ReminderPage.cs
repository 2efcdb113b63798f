namespace DxTrack.Notifications.Reminders;

/// <summary>A page of reminders or delivery log entries.</summary>
public sealed record ReminderPage(IReadOnlyList<ReminderView> Items, int Page, int PageSize, int Total);
