namespace DxTrack.Contracts;

/// <summary>The secretariat returned a revision for a fix; the obligation is open again unless an accepted revision stands.</summary>
/// <param name="SubmissionId">Identity of the submission.</param>
/// <param name="ObligationId">The obligation, open again.</param>
/// <param name="AgencyCode">The agency that must fix it.</param>
/// <param name="Revision">The returned revision.</param>
/// <param name="ReasonCode">Code from the configured list, e.g. <c>wrong-figure</c>.</param>
/// <param name="Reason">Free text from the reviewer.</param>
/// <param name="FixBy">When the fix is due.</param>
/// <param name="ReturnedAt">When it was returned.</param>
/// <param name="AcceptedRevision">
/// Set when the returned revision was a correction of an accepted report: the accepted revision, which still counts,
/// so the obligation stays fulfilled and only the correction is to be fixed. Null otherwise.
/// </param>
public sealed record SubmissionReturned(
    Guid SubmissionId,
    Guid ObligationId,
    string AgencyCode,
    int Revision,
    string ReasonCode,
    string Reason,
    DateTimeOffset? FixBy,
    DateTimeOffset ReturnedAt,
    int? AcceptedRevision = null);
