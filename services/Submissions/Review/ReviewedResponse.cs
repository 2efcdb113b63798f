using DxTrack.Submissions.Reports;

namespace DxTrack.Submissions.Review;

/// <summary>The outcome of a review.</summary>
public sealed record ReviewedResponse(Guid Id, int Revision, RevisionStatus Status, bool? OnTime,
    string? ReasonCode, DateTimeOffset? FixBy, DateTimeOffset ReviewedAt);
