namespace DxTrack.Contracts;

/// <summary>An agency submitted a report (a first one or a new revision) for an obligation.</summary>
/// <param name="SubmissionId">Identity of the submission (all revisions share it).</param>
/// <param name="ObligationId">The obligation it answers.</param>
/// <param name="AgencyCode">The submitting agency.</param>
/// <param name="Revision">1 for the first report, then 2, 3, …</param>
/// <param name="SubmittedAt">When it was received.</param>
/// <param name="IsLate">Received after the obligation's due instant.</param>
public sealed record SubmissionReceived(
    Guid SubmissionId,
    Guid ObligationId,
    string AgencyCode,
    int Revision,
    DateTimeOffset SubmittedAt,
    bool IsLate);
