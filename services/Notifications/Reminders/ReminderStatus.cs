namespace DxTrack.Notifications.Reminders;

/// <summary>Where a reminder stands; only <see cref="Pending"/> ones are ever changed by planning.</summary>
public enum ReminderStatus
{
    /// <summary>Waiting for its send instant (or its next attempt).</summary>
    Pending,
    /// <summary>Handed to the mail server or SMS provider.</summary>
    Sent,
    /// <summary>Every attempt failed; shown to operators.</summary>
    Failed,
    /// <summary>Not sent because it came due too late to mean anything (its deadline had passed).</summary>
    Skipped,
    /// <summary>Not sent because the obligation was fulfilled, cancelled, moved or re-addressed.</summary>
    Cancelled,
}
