using DxTrack.Contracts;

namespace DxTrack.Targets.Tasks;

/// <summary>Body of <c>POST /api/targets/plans/{planId}/tasks</c> and <c>PUT /api/targets/tasks/{id}</c>.</summary>
public sealed record TaskRequest(string? Code, string? Title, string? PillarCode, string? OwnerCode, List<string>? CoOwnerCodes,
    DateOnly? StartDate, DateOnly? DueDate, decimal? BudgetVnd, string? FundingSource, bool Urgent = false);

/// <summary>Body of <c>PUT /api/targets/tasks/{id}/due-date</c>: allowed after approval, it moves the open progress reports.</summary>
public sealed record MoveDueDateRequest(DateOnly? DueDate);

public sealed record TaskDto(Guid Id, Guid PlanId, string Code, string Title, string PillarCode, string OwnerCode,
    IReadOnlyList<string> CoOwnerCodes, DateOnly StartDate, DateOnly DueDate, decimal BudgetVnd, string? FundingSource, bool Urgent,
    TaskProgressStatus? Status, int? PercentComplete, string? ProgressNote, DateTimeOffset? ProgressAcceptedAt)
{
    public static TaskDto From(PlanTask t) => new(t.Id, t.PlanId, t.Code, t.Title, t.PillarCode, t.OwnerCode, t.CoOwnerCodes,
        t.StartDate, t.DueDate, t.BudgetVnd, t.FundingSource, t.Urgent, t.Status, t.PercentComplete, t.ProgressNote,
        t.ProgressAcceptedAt);
}

public sealed record TaskRescheduled(TaskDto Task, int ObligationsOpened, int ObligationsRescheduled, int ObligationsCancelled);
