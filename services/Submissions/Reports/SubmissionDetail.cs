namespace DxTrack.Submissions.Reports;

/// <summary>A submission with the obligation it answers and its whole history, oldest revision first.</summary>
public sealed record SubmissionDetail(
    SubmissionSummary Submission,
    string ObligationTitle,
    string SubjectCode,
    DateTimeOffset DueAt,
    IReadOnlyList<RevisionDto> Revisions);
