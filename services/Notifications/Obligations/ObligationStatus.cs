namespace DxTrack.Notifications.Obligations;

/// <summary>Whether an obligation still needs reminders.</summary>
public enum ObligationStatus
{
    /// <summary>Owed: reminders are planned.</summary>
    Open,
    /// <summary>A report was received: pending reminders are cancelled.</summary>
    Fulfilled,
    /// <summary>No longer owed: pending reminders are cancelled.</summary>
    Cancelled,
}
