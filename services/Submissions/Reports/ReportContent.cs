namespace DxTrack.Submissions.Reports;

/// <summary>What one revision says: exactly one of value, progress or feedback, plus evidence.</summary>
public sealed record ReportContent(
    ReportedValue? Value,
    ReportedProgress? Progress,
    string? Feedback,
    IReadOnlyList<EvidenceItem> Evidence);
