using DxTrack.Contracts;

namespace DxTrack.Submissions.Compliance;

/// <summary>
/// An obligation past due with no accepted report. <c>Status</c> is <c>NotSubmitted</c> or the state
/// of the latest revision (Submitted, Returned, …).
/// </summary>
public sealed record OutstandingObligation(Guid ObligationId, string AgencyCode, ObligationSubject Subject,
    string SubjectCode, string Title, string Period, DateTimeOffset DueAt, int DaysOverdue, Guid? SubmissionId,
    string Status);
