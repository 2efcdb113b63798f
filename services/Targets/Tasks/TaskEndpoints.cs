using System.Text.RegularExpressions;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Api;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Tasks;

public static partial class TaskEndpoints
{
    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/targets/plans/{planId:guid}/tasks", Create).WithTags("Tasks")
            .RequireAuthorization(DxPolicies.Secretariat).WithName("CreateTask");
        var tasks = app.MapGroup("/api/targets/tasks").WithTags("Tasks");
        tasks.MapGet("/", List).RequireAuthorization(DxPolicies.Reader).WithName("ListTasks");
        tasks.MapGet("/{id:guid}", Get).RequireAuthorization(DxPolicies.Reader).WithName("GetTask");
        tasks.MapPut("/{id:guid}", Update).RequireAuthorization(DxPolicies.Secretariat).WithName("UpdateTask");
        tasks.MapPut("/{id:guid}/due-date", MoveDueDate).RequireAuthorization(DxPolicies.Secretariat).WithName("MoveTaskDueDate");
    }

    static async Task<Results<Ok<PagedList<TaskDto>>, ValidationProblem>> List(TargetsDb db, Guid? planId, string? pillar,
        string? agency, TaskProgressStatus? status, bool? urgent, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Errors();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Tasks.AsNoTracking();
        if (planId is not null) query = query.Where(t => t.PlanId == planId);
        if (pillar is not null) query = query.Where(t => t.PillarCode == pillar.ToUpper());
        if (agency is not null) query = query.Where(t => t.OwnerCode == agency.ToUpper() || t.CoOwnerCodes.Contains(agency.ToUpper()));
        if (status is not null) query = query.Where(t => t.Status == status);
        if (urgent is not null) query = query.Where(t => t.Urgent == urgent);
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(t => t.DueDate).ThenBy(t => t.Code), TaskDto.From, ct));
    }

    static async Task<Results<Ok<TaskDto>, NotFound>> Get(Guid id, TargetsDb db, CancellationToken ct) =>
        await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } task
            ? TypedResults.Ok(TaskDto.From(task))
            : TypedResults.NotFound();

    static async Task<Results<Created<TaskDto>, NotFound, ValidationProblem, ProblemHttpResult>> Create(Guid planId,
        TaskRequest request, TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return TypedResults.NotFound();
        try { plan.EnsureEditable("EditTasks"); }
        catch (PlanTransitionRefused refused) { return TypedResults.Problem(PlanConflictHandler.Conflict(refused)); }

        var errors = new Errors();
        var task = new PlanTask { Id = Guid.CreateVersion7(clock.GetUtcNow()), PlanId = planId, Code = "", Title = "", PillarCode = "", OwnerCode = "" };
        await ApplyAsync(request, task, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Tasks.AnyAsync(t => t.PlanId == planId && t.Code == task.Code, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The task already exists.",
                detail: $"The plan already has a task {task.Code}.");
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/tasks/{task.Id}", TaskDto.From(task));
    }

    static async Task<Results<Ok<TaskDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(Guid id, TaskRequest request,
        TargetsDb db, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return TypedResults.NotFound();
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == task.PlanId, ct);
        try { plan.EnsureEditable("EditTasks"); }
        catch (PlanTransitionRefused refused) { return TypedResults.Problem(PlanConflictHandler.Conflict(refused)); }

        var errors = new Errors();
        var code = task.Code;
        await ApplyAsync(request, task, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (task.Code != code && await db.Tasks.AnyAsync(t => t.PlanId == task.PlanId && t.Code == task.Code, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The task already exists.",
                detail: $"The plan already has a task {task.Code}.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TaskDto.From(task));
    }

    /// <summary>
    /// The one change an approved plan's task accepts: a new due date. Its open progress reports move with it
    /// (ObligationRescheduled), reports no longer needed are cancelled and newly needed ones opened.
    /// </summary>
    static async Task<Results<Ok<TaskRescheduled>, NotFound, ValidationProblem, ProblemHttpResult>> MoveDueDate(Guid id,
        MoveDueDateRequest request, TargetsDb db, PlanWorkflow workflow, DashboardCache cache, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return TypedResults.NotFound();
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == task.PlanId, ct);
        var errors = new Errors();
        var due = errors.Date("dueDate", request.DueDate);
        if (due < task.StartDate) errors.Add("dueDate", $"Cannot be before the start date {task.StartDate:yyyy-MM-dd}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (plan.Status == PlanStatus.Superseded)
            return TypedResults.Problem(PlanConflictHandler.Conflict(new PlanTransitionRefused(plan.Status, "MoveDueDate",
                $"Plan {plan.Code} v{plan.Version} is superseded; move the task in the current version.")));

        task.DueDate = due!.Value;
        var changes = await workflow.RescheduleTaskAsync(plan, task, ct);
        await db.SaveChangesAsync(ct);
        await cache.EvictAsync();
        return TypedResults.Ok(new TaskRescheduled(TaskDto.From(task), changes.Opened, changes.Rescheduled, changes.Cancelled));
    }

    static async Task ApplyAsync(TaskRequest r, PlanTask task, TargetsDb db, Errors errors, CancellationToken ct)
    {
        var code = errors.Required("code", r.Code, 30)?.ToUpperInvariant();
        if (code is not null && !CodeShape().IsMatch(code)) errors.Add("code", "Upper-case letters, digits or dashes, e.g. NV-01.");
        var title = errors.Required("title", r.Title, 500);
        var pillar = errors.Required("pillarCode", r.PillarCode, 10)?.ToUpperInvariant();
        if (pillar is not null && !await db.Pillars.AnyAsync(p => p.Code == pillar, ct))
            errors.Add("pillarCode", $"No pillar has code {pillar} (CQS, KTS, XHS).");
        var owner = errors.Code("ownerCode", r.OwnerCode)?.Value;
        var coOwners = new List<string>();
        for (var i = 0; i < (r.CoOwnerCodes?.Count ?? 0); i++)
            if (errors.Code($"coOwnerCodes[{i}]", r.CoOwnerCodes![i]) is { } c) coOwners.Add(c.Value);
        coOwners = coOwners.Distinct().Where(c => c != owner).ToList();
        var named = coOwners.Concat(owner is null ? [] : [owner]).ToList();
        var known = await db.Agencies.Where(a => named.Contains(a.Code) && a.IsActive).Select(a => a.Code).ToListAsync(ct);
        if (owner is not null && !known.Contains(owner)) errors.Add("ownerCode", $"No active agency has code {owner}.");
        foreach (var missing in coOwners.Except(known)) errors.Add("coOwnerCodes", $"No active agency has code {missing}.");
        var start = errors.Date("startDate", r.StartDate);
        var due = errors.Date("dueDate", r.DueDate);
        if (start is not null && due is not null && due < start) errors.Add("dueDate", "Cannot be before startDate.");
        var budget = r.BudgetVnd ?? 0;
        if (budget < 0) errors.Add("budgetVnd", "Cannot be negative.");
        if (budget != decimal.Truncate(budget)) errors.Add("budgetVnd", "Whole đồng only.");
        if (budget > 999_999_999_999_999_999m) errors.Add("budgetVnd", "Too large.");
        if (r.FundingSource is { Length: > 200 }) errors.Add("fundingSource", "At most 200 characters.");
        if (errors.Any) return;

        task.Code = code!;
        task.Title = title!;
        task.PillarCode = pillar!;
        task.OwnerCode = owner!;
        task.CoOwnerCodes = coOwners;
        task.StartDate = start!.Value;
        task.DueDate = due!.Value;
        task.BudgetVnd = budget;
        task.FundingSource = r.FundingSource?.Trim();
        task.Urgent = r.Urgent;
    }

    [GeneratedRegex("^[A-Z0-9-]{2,30}$")]
    private static partial Regex CodeShape();
}
