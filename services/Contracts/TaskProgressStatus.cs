namespace DxTrack.Contracts;

/// <summary>Where an agency says a task stands.</summary>
public enum TaskProgressStatus
{
    /// <summary>Not started yet.</summary>
    NotStarted,
    /// <summary>Under way.</summary>
    InProgress,
    /// <summary>Finished.</summary>
    Completed,
    /// <summary>Stuck; the note says why.</summary>
    Blocked,
}
