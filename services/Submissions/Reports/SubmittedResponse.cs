namespace DxTrack.Submissions.Reports;

/// <summary>The answer to a report: which submission and revision it became, and whether it was late.</summary>
public sealed record SubmittedResponse(Guid Id, Guid ObligationId, string AgencyCode, int Revision, bool IsLate,
    RevisionStatus Status, DateTimeOffset SubmittedAt);
