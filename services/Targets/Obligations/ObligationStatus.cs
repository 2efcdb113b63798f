namespace DxTrack.Targets.Obligations;

/// <summary>Where an obligation stands: owed, answered, or no longer owed.</summary>
public enum ObligationStatus
{
    Open,
    Fulfilled,
    Cancelled,
}
