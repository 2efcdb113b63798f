namespace DxTrack.Targets.Plans;

/// <summary>Body of <c>POST /api/targets/plans</c> and <c>PUT /api/targets/plans/{id}</c>.</summary>
public sealed record PlanRequest(string? Code, string? Title, int? StartYear, int? EndYear, DateOnly? StartsOn);

/// <summary>Body of <c>POST /api/targets/plans/{id}/consultation</c>: who is asked for feedback, and by when.</summary>
public sealed record ConsultationRequest(List<string>? Agencies, DateOnly? Deadline);

public sealed record PlanDto(Guid Id, Guid SeriesId, string Code, int Version, Guid? PreviousVersionId, string Title,
    string Kind, int StartYear, int EndYear, DateOnly StartsOn, DateOnly EndsOn, PlanStatus Status,
    DateOnly? ConsultationDeadline, IReadOnlyList<string> ConsultedAgencies, DateTimeOffset CreatedAt,
    DateTimeOffset? ApprovedAt, DateTimeOffset? SupersededAt)
{
    public static PlanDto From(Plan p) => new(p.Id, p.SeriesId, p.Code, p.Version, p.PreviousVersionId, p.Title,
        p.IsAnnual ? "Annual" : "MultiYear", p.StartYear, p.EndYear, p.StartsOn, p.EndsOn, p.Status, p.ConsultationDeadline,
        p.ConsultedAgencies, p.CreatedAt, p.ApprovedAt, p.SupersededAt);
}

/// <summary>What a transition did to the obligations.</summary>
public sealed record PlanTransitionResult(PlanDto Plan, int ObligationsOpened, int ObligationsRescheduled, int ObligationsCancelled);
