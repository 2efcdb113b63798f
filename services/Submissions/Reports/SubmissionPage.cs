namespace DxTrack.Submissions.Reports;

/// <summary>One page of a submission list.</summary>
public sealed record SubmissionPage(IReadOnlyList<SubmissionSummary> Items, int Page, int PageSize, int Total);
