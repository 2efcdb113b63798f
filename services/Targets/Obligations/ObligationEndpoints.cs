using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Api;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

public static class ObligationEndpoints
{
    public static void MapObligations(this IEndpointRouteBuilder app)
    {
        var obligations = app.MapGroup("/api/targets/obligations").WithTags("Obligations");
        obligations.MapGet("/", List).RequireAuthorization(DxPolicies.Reader).WithName("ListObligations");
        obligations.MapGet("/{id:guid}", Get).RequireAuthorization(DxPolicies.Reader).WithName("GetObligation");
        obligations.MapPost("/", Open).RequireAuthorization(DxPolicies.Secretariat).WithName("OpenObligation");
    }

    /// <summary>Reporters see only their own agency's obligations; asking for another agency's is forbidden.</summary>
    static async Task<Results<Ok<PagedList<ObligationDto>>, ValidationProblem, ForbidHttpResult>> List(TargetsDb db,
        CurrentUser user, TimeProvider clock, string? agency, ObligationStatus? status, ObligationSubject? subject,
        string? period, Guid? planId, Guid? subjectId, bool? overdue, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Errors();
        var paging = Paging.From(page, pageSize, errors);
        string? agencyCode = null;
        if (agency is not null && errors.Code("agency", agency) is { } code) agencyCode = code.Value;
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (user.IsReporter)
        {
            if (agencyCode is not null && !user.MayRead(agencyCode)) return TypedResults.Forbid();
            agencyCode = user.AgencyCode?.ToUpperInvariant() ?? "";
        }

        var now = clock.GetUtcNow();
        var query = db.Obligations.AsNoTracking();
        if (agencyCode is not null) query = query.Where(o => o.AgencyCode == agencyCode);
        if (status is not null) query = query.Where(o => o.Status == status);
        if (subject is not null) query = query.Where(o => o.Subject == subject);
        if (period is not null) query = query.Where(o => o.Period == period.ToUpper());
        if (planId is not null) query = query.Where(o => o.PlanId == planId);
        if (subjectId is not null) query = query.Where(o => o.SubjectId == subjectId);
        if (overdue == true) query = query.Where(o => o.Status == ObligationStatus.Open && o.DueAt < now);
        return TypedResults.Ok(await paging.ApplyAsync(
            query.OrderBy(o => o.DueAt).ThenBy(o => o.AgencyCode).ThenBy(o => o.Id), ObligationDto.From(now), ct));
    }

    static async Task<Results<Ok<ObligationDto>, NotFound, ForbidHttpResult>> Get(Guid id, TargetsDb db, CurrentUser user,
        TimeProvider clock, CancellationToken ct)
    {
        var obligation = await db.Obligations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (obligation is null) return TypedResults.NotFound();
        if (!user.MayRead(obligation.AgencyCode)) return TypedResults.Forbid();
        return TypedResults.Ok(ObligationDto.From(clock.GetUtcNow())(obligation));
    }

    static async Task<Results<Created<ObligationDto>, ValidationProblem, ProblemHttpResult>> Open(OpenObligationRequest request,
        TargetsDb db, TimeProvider clock, DashboardCache cache, CancellationToken ct)
    {
        var errors = new Errors();
        var code = errors.Code("agencyCode", request.AgencyCode);
        var title = errors.Required("title", request.Title, 500);
        var period = errors.Period("period", request.Period);
        var dueDate = errors.Date("dueDate", request.DueDate);
        if (request.SubjectCode is { Length: > 60 }) errors.Add("subjectCode", "At most 60 characters.");
        if (code is not null && !await db.Agencies.AnyAsync(a => a.Code == code.Value.Value, ct))
            errors.Add("agencyCode", $"No agency has code {code}.");
        else if (code is not null && !await db.Agencies.AnyAsync(a => a.Code == code.Value.Value && a.IsActive, ct))
            errors.Add("agencyCode", $"Agency {code} is inactive; it owes nothing.");
        if (dueDate is { } d && period is { } p && d < p.Start)
            errors.Add("dueDate", $"Cannot be due before its period {p} starts ({p.Start:yyyy-MM-dd}).");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        // An ad-hoc request is its own subject: no indicator or task stands behind it.
        var subjectId = Guid.CreateVersion7(clock.GetUtcNow());
        var obligation = Obligation.Open(code!.Value.Value, ObligationSubject.Task, subjectId,
            string.IsNullOrWhiteSpace(request.SubjectCode) ? "AD-HOC" : request.SubjectCode.Trim(), title!, period!.Value,
            DueInstant.EndOf(dueDate!.Value), null, null, clock);
        db.Obligations.Add(obligation);
        db.PublishToOutbox(obligation.ToOpenedEvent(), clock, obligation.Id.ToString());
        await db.SaveChangesAsync(ct);
        // A new obligation changes the province views and this agency's drill-down, nothing else.
        await cache.EvictAsync([.. DashboardCache.ProvinceViews, DashboardCache.AgencyView(obligation.AgencyCode)]);
        return TypedResults.Created($"/api/targets/obligations/{obligation.Id}", ObligationDto.From(clock.GetUtcNow())(obligation));
    }
}
