namespace DxTrack.Submissions.Reports;

/// <summary>One revision as the API shows it.</summary>
public sealed record RevisionDto(
    int Number,
    RevisionStatus Status,
    ReportedValue? Value,
    ReportedProgress? Progress,
    string? Feedback,
    IReadOnlyList<EvidenceItem> Evidence,
    string SubmittedBy,
    string SubmitterRole,
    string? SubmitterAgency,
    DateTimeOffset SubmittedAt,
    bool IsLate,
    string? ReviewedBy,
    DateTimeOffset? ReviewedAt,
    string? ReturnReasonCode,
    string? ReturnReason,
    IReadOnlyDictionary<string, string> FieldComments,
    DateTimeOffset? FixBy)
{
    public static RevisionDto From(Revision r) => new(r.Number, r.Status, r.Value, r.Progress, r.Feedback, r.Evidence,
        r.SubmittedBy, r.SubmitterRole, r.SubmitterAgency, r.SubmittedAt, r.IsLate, r.ReviewedBy, r.ReviewedAt, r.ReturnReasonCode,
        r.ReturnReason, r.FieldComments.ToDictionary(c => c.Field, c => c.Comment), r.FixBy);
}
