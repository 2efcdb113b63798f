using DxTrack.Contracts;
using DxTrack.Submissions.Reports;

namespace DxTrack.Submissions.Compliance;

/// <summary>An obligation with what its report has come to, the input of the compliance sums.</summary>
public sealed record ObligationStanding(
    Guid ObligationId,
    string AgencyCode,
    ObligationSubject Subject,
    string SubjectCode,
    string Title,
    string Period,
    DateTimeOffset DueAt,
    bool AgencyActiveWhenDue,
    Guid? SubmissionId,
    RevisionStatus? LatestStatus,
    bool Fulfilled,
    bool OnTime);
