namespace DxTrack.Notifications.Reminders;

/// <summary>The kinds of reminder step, in the order they come.</summary>
public enum StepKind
{
    BeforeDue,
    DueDay,
    Overdue,
    /// <summary>Not a policy step: the notice that a report was returned for a fix.</summary>
    Returned,
}
