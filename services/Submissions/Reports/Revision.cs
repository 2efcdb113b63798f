using DxTrack.Messaging.Audit;
using DxTrack.Submissions.Review;

namespace DxTrack.Submissions.Reports;

/// <summary>One version of a report. Never overwritten: a change is a new revision.</summary>
public sealed class Revision : IAudited
{
    Revision() { }

    public Guid SubmissionId { get; private set; }
    public int Number { get; private set; }

    public ReportedValue? Value { get; private set; }
    public ReportedProgress? Progress { get; private set; }
    public string? Feedback { get; private set; }
    public List<EvidenceItem> Evidence { get; private set; } = [];

    public string SubmittedBy { get; private set; } = "";
    public string SubmitterRole { get; private set; } = "";

    /// <summary>The caller's own agency; differs from the report's when the secretariat reports on its behalf.</summary>
    public string? SubmitterAgency { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>Received after the obligation's due instant in force at the time.</summary>
    public bool IsLate { get; private set; }

    public RevisionStatus Status { get; private set; }
    public string? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string? ReturnReasonCode { get; private set; }
    public string? ReturnReason { get; private set; }
    public List<FieldComment> FieldComments { get; private set; } = [];

    /// <summary>For a returned revision, when the fix is due.</summary>
    public DateTimeOffset? FixBy { get; private set; }

    internal static Revision Create(Guid submissionId, int number, ReportContent content, Submitter by,
        DateTimeOffset at, DateTimeOffset dueAt) => new()
    {
        SubmissionId = submissionId,
        Number = number,
        Value = content.Value,
        Progress = content.Progress,
        Feedback = content.Feedback,
        Evidence = [.. content.Evidence],
        SubmittedBy = by.Subject,
        SubmitterRole = by.Role,
        SubmitterAgency = by.AgencyCode,
        SubmittedAt = at,
        IsLate = at > dueAt,
        Status = RevisionStatus.Submitted,
    };

    internal void Accept(string reviewer, DateTimeOffset at)
    {
        RequireAwaitingReview("accepted");
        Status = RevisionStatus.Accepted;
        ReviewedBy = reviewer;
        ReviewedAt = at;
    }

    internal void Return(ReturnDecision decision, string reviewer, DateTimeOffset at)
    {
        RequireAwaitingReview("returned");
        Status = RevisionStatus.Returned;
        ReviewedBy = reviewer;
        ReviewedAt = at;
        ReturnReasonCode = decision.ReasonCode;
        ReturnReason = decision.Reason;
        FieldComments = [.. decision.FieldComments];
        FixBy = decision.FixBy;
    }

    internal void Supersede()
    {
        RequireAwaitingReview("superseded");
        Status = RevisionStatus.Superseded;
    }

    void RequireAwaitingReview(string verb)
    {
        if (Status != RevisionStatus.Submitted)
            throw new ReportRuleException($"Revision {Number} is {Status}; only a revision awaiting review can be {verb}.");
    }
}
