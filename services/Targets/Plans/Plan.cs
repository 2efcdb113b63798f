using DxTrack.Messaging.Audit;

namespace DxTrack.Targets.Plans;

/// <summary>
/// A digital-transformation plan, annual (start year = end year) or multi-year. Each revision is a new row
/// with the same <see cref="SeriesId"/> and a higher <see cref="Version"/>; approving it supersedes the previous one.
/// </summary>
public sealed class Plan : IAudited
{
    Plan() { }

    public Guid Id { get; private set; }

    /// <summary>The same for every version of one plan.</summary>
    public Guid SeriesId { get; private set; }
    public string Code { get; private set; } = "";
    public int Version { get; private set; }
    public Guid? PreviousVersionId { get; private set; }
    public string Title { get; private set; } = "";
    public int StartYear { get; private set; }
    public int EndYear { get; private set; }

    /// <summary>First day the plan applies; 1 January of the start year unless it starts mid-year.</summary>
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    public PlanStatus Status { get; private set; }
    public DateOnly? ConsultationDeadline { get; private set; }
    public List<string> ConsultedAgencies { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public DateTimeOffset? SupersededAt { get; private set; }

    public bool IsAnnual => StartYear == EndYear;

    public static Plan Draft(string code, string title, int startYear, int endYear, DateOnly? startsOn, TimeProvider clock)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        return new Plan
        {
            Id = id,
            SeriesId = id,
            Code = code,
            Version = 1,
            Title = title.Trim(),
            StartYear = startYear,
            EndYear = endYear,
            StartsOn = startsOn ?? new DateOnly(startYear, 1, 1),
            EndsOn = new DateOnly(endYear, 12, 31),
            Status = PlanStatus.Draft,
            CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Title and span may change until the plan is approved.</summary>
    public void Edit(string title, int startYear, int endYear, DateOnly? startsOn)
    {
        EnsureEditable("EditPlan");
        Title = title.Trim();
        StartYear = startYear;
        EndYear = endYear;
        StartsOn = startsOn ?? new DateOnly(startYear, 1, 1);
        EndsOn = new DateOnly(endYear, 12, 31);
    }

    /// <summary>Indicators and tasks can change while drafting and during consultation, never after approval.</summary>
    public void EnsureEditable(string edit)
    {
        if (Status is PlanStatus.Approved or PlanStatus.Superseded)
            throw new PlanTransitionRefused(Status, edit,
                $"Plan {Code} v{Version} is {Status}; it can no longer be edited. Start a revision instead.");
    }

    public void OpenConsultation(IReadOnlyList<string> agencies, DateOnly deadline)
    {
        if (Status != PlanStatus.Draft)
            throw new PlanTransitionRefused(Status, nameof(PlanStatus.InConsultation),
                $"Only a draft can be sent for consultation; plan {Code} v{Version} is {Status}.");
        Status = PlanStatus.InConsultation;
        ConsultedAgencies = agencies.ToList();
        ConsultationDeadline = deadline;
    }

    public void Approve(TimeProvider clock)
    {
        if (Status != PlanStatus.InConsultation)
            throw new PlanTransitionRefused(Status, nameof(PlanStatus.Approved),
                $"Only a plan in consultation can be approved; plan {Code} v{Version} is {Status}.");
        Status = PlanStatus.Approved;
        ApprovedAt = clock.GetUtcNow();
    }

    public void Supersede(TimeProvider clock)
    {
        if (Status != PlanStatus.Approved)
            throw new PlanTransitionRefused(Status, nameof(PlanStatus.Superseded),
                $"Only an approved plan can be superseded; plan {Code} v{Version} is {Status}.");
        Status = PlanStatus.Superseded;
        SupersededAt = clock.GetUtcNow();
    }

    /// <summary>A new draft version of an approved plan; the approved one stays in force until the revision is approved.</summary>
    public Plan Revise(TimeProvider clock)
    {
        if (Status != PlanStatus.Approved)
            throw new PlanTransitionRefused(Status, "Revision",
                $"Only the approved version can be revised; plan {Code} v{Version} is {Status}.");
        return new Plan
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            SeriesId = SeriesId,
            Code = Code,
            Version = Version + 1,
            PreviousVersionId = Id,
            Title = Title,
            StartYear = StartYear,
            EndYear = EndYear,
            StartsOn = StartsOn,
            EndsOn = EndsOn,
            Status = PlanStatus.Draft,
            CreatedAt = clock.GetUtcNow(),
        };
    }
}
