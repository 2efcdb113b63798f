namespace DxTrack.Notifications.Obligations;

/// <summary>
/// An event about an obligation arrived before the event that opened it; thrown so the message is
/// retried (and parked in the error queue if the obligation never appears).
/// </summary>
public sealed class ObligationNotYetKnownException(Guid obligationId)
    : Exception($"Obligation {obligationId} is not known yet.");
