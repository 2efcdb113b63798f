using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Api;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Plans;

public static class PlanEndpoints
{
    public static void MapPlans(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/targets/plans").WithTags("Plans");
        plans.MapGet("/", List).RequireAuthorization(DxPolicies.Reader).WithName("ListPlans");
        plans.MapGet("/{id:guid}", Get).RequireAuthorization(DxPolicies.Reader).WithName("GetPlan");
        plans.MapPost("/", Create).RequireAuthorization(DxPolicies.Secretariat).WithName("CreatePlan");
        plans.MapPut("/{id:guid}", Update).RequireAuthorization(DxPolicies.Secretariat).WithName("UpdatePlan");
        plans.MapPost("/{id:guid}/consultation", OpenConsultation).RequireAuthorization(DxPolicies.Secretariat).WithName("OpenConsultation");
        plans.MapPost("/{id:guid}/approve", Approve).RequireAuthorization(DxPolicies.Secretariat).WithName("ApprovePlan");
        plans.MapPost("/{id:guid}/revisions", Revise).RequireAuthorization(DxPolicies.Secretariat).WithName("RevisePlan");
    }

    static async Task<Results<Ok<PagedList<PlanDto>>, ValidationProblem>> List(TargetsDb db, PlanStatus? status, string? code,
        int? year, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Errors();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Plans.AsNoTracking();
        if (status is not null) query = query.Where(p => p.Status == status);
        if (code is not null) query = query.Where(p => p.Code == code);
        if (year is not null) query = query.Where(p => p.StartYear <= year && p.EndYear >= year);
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderByDescending(p => p.StartYear).ThenBy(p => p.Code)
            .ThenByDescending(p => p.Version), PlanDto.From, ct));
    }

    static async Task<Results<Ok<PlanDto>, NotFound>> Get(Guid id, TargetsDb db, CancellationToken ct) =>
        await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } plan
            ? TypedResults.Ok(PlanDto.From(plan))
            : TypedResults.NotFound();

    static async Task<Results<Created<PlanDto>, ValidationProblem, ProblemHttpResult>> Create(PlanRequest request, TargetsDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new Errors();
        var code = errors.Code("code", request.Code);
        var (title, start, end) = Validate(request, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Plans.AnyAsync(p => p.Code == code!.Value.Value, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The plan already exists.",
                detail: $"A plan with code {code} exists; revise it with POST /api/targets/plans/{{id}}/revisions.");

        var plan = Plan.Draft(code!.Value.Value, title!, start!.Value, end!.Value, request.StartsOn, clock);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/plans/{plan.Id}", PlanDto.From(plan));
    }

    static async Task<Results<Ok<PlanDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(Guid id, PlanRequest request,
        TargetsDb db, CancellationToken ct)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return TypedResults.NotFound();
        var errors = new Errors();
        var (title, start, end) = Validate(request, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        try
        {
            plan.Edit(title!, start!.Value, end!.Value, request.StartsOn);
        }
        catch (PlanTransitionRefused refused)
        {
            return TypedResults.Problem(Api.PlanConflictHandler.Conflict(refused));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PlanDto.From(plan));
    }

    static async Task<Results<Ok<PlanTransitionResult>, NotFound, ValidationProblem, ProblemHttpResult>> OpenConsultation(Guid id,
        ConsultationRequest request, TargetsDb db, PlanWorkflow workflow, DashboardCache cache, CancellationToken ct)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return TypedResults.NotFound();
        var errors = new Errors();
        var deadline = errors.Date("deadline", request.Deadline);
        var agencies = new List<string>();
        if (request.Agencies is not { Count: > 0 }) errors.Add("agencies", "Name at least one agency to ask for feedback.");
        else
        {
            for (var i = 0; i < request.Agencies.Count; i++)
                if (errors.Code($"agencies[{i}]", request.Agencies[i]) is { } code) agencies.Add(code.Value);
            agencies = agencies.Distinct().ToList();
            var known = await db.Agencies.Where(a => agencies.Contains(a.Code) && a.IsActive).Select(a => a.Code).ToListAsync(ct);
            foreach (var missing in agencies.Except(known)) errors.Add("agencies", $"No active agency has code {missing}.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        try
        {
            var changes = await workflow.OpenConsultationAsync(plan, agencies, deadline!.Value, ct);
            await db.SaveChangesAsync(ct);
            await cache.EvictAsync();
            return TypedResults.Ok(new PlanTransitionResult(PlanDto.From(plan), changes.Opened, changes.Rescheduled, changes.Cancelled));
        }
        catch (PlanTransitionRefused refused)
        {
            return TypedResults.Problem(Api.PlanConflictHandler.Conflict(refused));
        }
    }

    static async Task<Results<Ok<PlanTransitionResult>, NotFound, ProblemHttpResult>> Approve(Guid id, TargetsDb db,
        PlanWorkflow workflow, DashboardCache cache, CancellationToken ct)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return TypedResults.NotFound();
        try
        {
            var changes = await workflow.ApproveAsync(plan, ct);
            await db.SaveChangesAsync(ct);
            await cache.EvictAsync();
            return TypedResults.Ok(new PlanTransitionResult(PlanDto.From(plan), changes.Opened, changes.Rescheduled, changes.Cancelled));
        }
        catch (PlanTransitionRefused refused)
        {
            return TypedResults.Problem(Api.PlanConflictHandler.Conflict(refused));
        }
        catch (DbUpdateException)
        {
            // Another approval of the same plan committed first; the unique index kept obligations single.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The plan changed meanwhile.",
                detail: "The plan was changed by another request; read it again.");
        }
    }

    static async Task<Results<Created<PlanDto>, NotFound, ProblemHttpResult>> Revise(Guid id, TargetsDb db, TimeProvider clock,
        CancellationToken ct)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return TypedResults.NotFound();
        if (await db.Plans.AnyAsync(p => p.SeriesId == plan.SeriesId && p.Version > plan.Version, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A revision already exists.",
                detail: $"Plan {plan.Code} already has a version after v{plan.Version}; continue that one.");
        Plan revision;
        try
        {
            revision = plan.Revise(clock);
        }
        catch (PlanTransitionRefused refused)
        {
            return TypedResults.Problem(Api.PlanConflictHandler.Conflict(refused));
        }
        db.Plans.Add(revision);
        db.Indicators.AddRange((await db.Indicators.AsNoTracking().Where(i => i.PlanId == plan.Id).ToListAsync(ct))
            .Select(i => i.CopyTo(revision.Id, clock)));
        db.Tasks.AddRange((await db.Tasks.AsNoTracking().Where(t => t.PlanId == plan.Id).ToListAsync(ct))
            .Select(t => t.CopyTo(revision.Id, clock)));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/plans/{revision.Id}", PlanDto.From(revision));
    }

    const string YearRule = "Must be between 2000 and 2100.";

    static (string? Title, int? Start, int? End) Validate(PlanRequest request, Errors errors)
    {
        var title = errors.Required("title", request.Title, 500);
        var start = errors.Required("startYear", request.StartYear);
        var end = errors.Required("endYear", request.EndYear);
        if (start is < Period.FirstYear or > Period.LastYear) errors.Add("startYear", YearRule);
        if (end is < Period.FirstYear or > Period.LastYear) errors.Add("endYear", YearRule);
        if (start is not null && end is not null && end < start) errors.Add("endYear", "Cannot be before startYear.");
        if (start is not null && end is not null && end - start > 10) errors.Add("endYear", "A plan spans at most 10 years.");
        if (request.StartsOn is { } startsOn && start is not null && startsOn.Year != start)
            errors.Add("startsOn", "Must fall in startYear.");
        return (title, start, end);
    }
}
