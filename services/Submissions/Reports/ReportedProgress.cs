using DxTrack.Contracts;

namespace DxTrack.Submissions.Reports;

/// <summary>Task progress as reported.</summary>
public sealed record ReportedProgress(TaskProgressStatus Status, int PercentComplete, string? Note);
