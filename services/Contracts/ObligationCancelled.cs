namespace DxTrack.Contracts;

/// <summary>An obligation no longer applies (its plan was superseded, say); nothing is owed.</summary>
public sealed record ObligationCancelled(
    Guid ObligationId,
    string AgencyCode,
    string Reason,
    DateTimeOffset CancelledAt);
