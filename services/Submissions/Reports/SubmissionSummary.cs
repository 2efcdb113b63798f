using DxTrack.Contracts;

namespace DxTrack.Submissions.Reports;

/// <summary>A submission in a list: its latest state.</summary>
public sealed record SubmissionSummary(
    Guid Id,
    Guid ObligationId,
    string AgencyCode,
    string Period,
    ObligationSubject Subject,
    int LatestRevision,
    RevisionStatus Status,
    int? AcceptedRevision,
    bool IsLate,
    bool? OnTime,
    DateTimeOffset FirstSubmittedAt,
    DateTimeOffset UpdatedAt)
{
    public static SubmissionSummary From(Submission s) => new(s.Id, s.ObligationId, s.AgencyCode, s.Period, s.Subject,
        s.LatestRevision, s.Status, s.AcceptedRevision, s.IsLate, s.OnTime, s.FirstSubmittedAt, s.UpdatedAt);
}
