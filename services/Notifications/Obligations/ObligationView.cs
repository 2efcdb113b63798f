using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>
/// An obligation as this service sees it, with the reminders still to be sent. <c>DueAt</c> is null only for an
/// obligation whose cancellation arrived before its opening (nothing else of it is known yet).
/// </summary>
public sealed record ObligationView(
    Guid ObligationId,
    string AgencyCode,
    string Title,
    string Period,
    DateTimeOffset? DueAt,
    DateTimeOffset? FixBy,
    ObligationStatus Status,
    IReadOnlyList<ReminderView> PendingReminders);
