namespace DxTrack.Contracts;

/// <summary>An obligation's due instant moved (a task's due date changed, say).</summary>
public sealed record ObligationRescheduled(
    Guid ObligationId,
    string AgencyCode,
    DateTimeOffset PreviousDueAt,
    DateTimeOffset DueAt,
    DateTimeOffset RescheduledAt);
