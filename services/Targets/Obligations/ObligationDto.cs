using DxTrack.Contracts;

namespace DxTrack.Targets.Obligations;

public sealed record ObligationDto(Guid Id, string AgencyCode, ObligationSubject Subject, Guid SubjectId, string SubjectCode,
    string Title, string Period, DateTimeOffset DueAt, Measure? Measure, Guid? PlanId, ObligationStatus Status,
    bool IsOverdue, DateTimeOffset OpenedAt, DateTimeOffset? FulfilledAt, DateTimeOffset? CancelledAt, string? CancelReason)
{
    public static Func<Obligation, ObligationDto> From(DateTimeOffset now) => o => new(o.Id, o.AgencyCode, o.Subject,
        o.SubjectId, o.SubjectCode, o.Title, o.Period, o.DueAt, o.Measure, o.PlanId, o.Status, o.IsOverdue(now), o.OpenedAt,
        o.FulfilledAt, o.CancelledAt, o.CancelReason);
}

/// <summary>Body of <c>POST /api/targets/obligations</c>: an ad-hoc report the secretariat asks of one agency.</summary>
public sealed record OpenObligationRequest(string? AgencyCode, string? Title, string? Period, DateOnly? DueDate, string? SubjectCode = null);
