using DxTrack.Contracts;
using DxTrack.Messaging.Audit;

namespace DxTrack.Targets.Tasks;

/// <summary>A task (nhiệm vụ) of a plan, assigned to an owner agency and co-owners, with a budget and a due date.</summary>
public sealed class PlanTask : IAudited
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public required string PillarCode { get; set; }
    public required string OwnerCode { get; set; }
    public List<string> CoOwnerCodes { get; set; } = [];
    public DateOnly StartDate { get; set; }
    public DateOnly DueDate { get; set; }

    /// <summary>Budget in VND (kinh phí); never negative.</summary>
    public decimal BudgetVnd { get; set; }
    public string? FundingSource { get; set; }

    /// <summary>On the list of urgent tasks (danh mục nhiệm vụ cấp thiết).</summary>
    public bool Urgent { get; set; }

    /// <summary>From the latest accepted progress report; null until one is accepted.</summary>
    public TaskProgressStatus? Status { get; set; }
    public int? PercentComplete { get; set; }
    public string? ProgressNote { get; set; }
    public DateTimeOffset? ProgressAcceptedAt { get; set; }

    public IEnumerable<string> Assignees => CoOwnerCodes.Prepend(OwnerCode).Distinct();

    /// <summary>Records an accepted progress report unless a later one was already recorded (events may arrive out of order).</summary>
    public bool RecordProgress(TaskProgress progress, DateTimeOffset acceptedAt)
    {
        if (ProgressAcceptedAt is { } last && last > acceptedAt) return false;
        Status = progress.Status;
        PercentComplete = progress.PercentComplete;
        ProgressNote = progress.Note;
        ProgressAcceptedAt = acceptedAt;
        return true;
    }

    /// <summary>The same task in a superseded version had progress accepted later than this one: it carries on here.</summary>
    public bool CarryProgressFrom(PlanTask previous)
    {
        if (previous.ProgressAcceptedAt is not { } at || previous.Status is not { } status) return false;
        return RecordProgress(new TaskProgress(status, previous.PercentComplete ?? 0, previous.ProgressNote), at);
    }

    public PlanTask CopyTo(Guid planId, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        PlanId = planId,
        Code = Code,
        Title = Title,
        PillarCode = PillarCode,
        OwnerCode = OwnerCode,
        CoOwnerCodes = [.. CoOwnerCodes],
        StartDate = StartDate,
        DueDate = DueDate,
        BudgetVnd = BudgetVnd,
        FundingSource = FundingSource,
        Urgent = Urgent,
    };
}
