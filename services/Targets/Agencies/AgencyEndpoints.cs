using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Api;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Agencies;

public static class AgencyEndpoints
{
    public static void MapAgencies(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/api/targets/agencies").WithTags("Agencies");
        agencies.MapGet("/", List).RequireAuthorization(DxPolicies.Reader).WithName("ListAgencies");
        agencies.MapGet("/{code}", Get).RequireAuthorization(DxPolicies.Reader).WithName("GetAgency");
        agencies.MapPost("/", Create).RequireAuthorization(DxPolicies.Secretariat).WithName("CreateAgency");
        agencies.MapPut("/{code}", Update).RequireAuthorization(DxPolicies.Secretariat).WithName("UpdateAgency");
        agencies.MapPost("/{code}/deactivate", Deactivate).RequireAuthorization(DxPolicies.Secretariat).WithName("DeactivateAgency");
    }

    /// <summary>The directory of agencies; a reporter sees only its own agency's contacts (people's names, e-mails, phones).</summary>
    static async Task<Results<Ok<PagedList<AgencyDto>>, ValidationProblem>> List(TargetsDb db, CurrentUser user, AgencyKind? kind,
        string? parent, bool? active, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Errors();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Agencies.AsNoTracking();
        if (kind is not null) query = query.Where(a => a.Kind == kind);
        if (parent is not null) query = query.Where(a => a.ParentCode == parent.ToUpper());
        if (active is not null) query = query.Where(a => a.IsActive == active);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => EF.Functions.ILike(a.Name, $"%{q}%") || a.Code.Contains(q.ToUpper()));
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(a => a.Kind).ThenBy(a => a.Code),
            a => user.MayRead(a.Code) ? AgencyDto.From(a) : AgencyDto.From(a) with { Contacts = [] }, ct));
    }

    /// <summary>One agency with its contacts; a reporter may read only its own, as with its contacts in Notifications.</summary>
    static async Task<Results<Ok<AgencyDto>, NotFound, ForbidHttpResult>> Get(string code, TargetsDb db, CurrentUser user,
        CancellationToken ct)
    {
        if (!user.MayRead(code)) return TypedResults.Forbid();
        return await Find(db, code, ct) is { } agency ? TypedResults.Ok(AgencyDto.From(agency)) : TypedResults.NotFound();
    }

    /// <summary>A new agency owes the not-yet-due reports of approved indicators reported by every agency of its kind.</summary>
    static async Task<Results<Created<AgencyDto>, ValidationProblem, ProblemHttpResult>> Create(AgencyRequest request,
        TargetsDb db, TimeProvider clock, PlanWorkflow workflow, DashboardCache cache, CancellationToken ct)
    {
        var errors = new Errors();
        var code = errors.Code("code", request.Code);
        var (name, kind, parent, contacts) = await ValidateAsync(request, null, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Agencies.AnyAsync(a => a.Code == code!.Value.Value, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The agency already exists.",
                detail: $"An agency with code {code} exists; change it with PUT /api/targets/agencies/{code}.");

        var agency = Agency.Create(code!.Value, name!, kind!.Value, parent, contacts, clock);
        db.Agencies.Add(agency);
        db.PublishToOutbox(agency.ToEvent(), clock, agency.Code);
        await workflow.ReconcileAgencyAsync(agency, null, ct);
        await db.SaveChangesAsync(ct);
        await cache.EvictAsync();
        return TypedResults.Created($"/api/targets/agencies/{agency.Code}", AgencyDto.From(agency));
    }

    /// <summary>A change of kind moves the agency between indicators reported by every agency of a kind.</summary>
    static async Task<Results<Ok<AgencyDto>, NotFound, ValidationProblem>> Update(string code, AgencyRequest request,
        TargetsDb db, TimeProvider clock, PlanWorkflow workflow, DashboardCache cache, CancellationToken ct)
    {
        var agency = await Find(db, code, ct);
        if (agency is null) return TypedResults.NotFound();
        var errors = new Errors();
        var (name, kind, parent, contacts) = await ValidateAsync(request, agency, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var formerKind = agency.Kind;
        agency.Update(name!, kind!.Value, parent, contacts, clock);
        db.PublishToOutbox(agency.ToEvent(), clock, agency.Code);
        if (agency.Kind != formerKind) await workflow.ReconcileAgencyAsync(agency, formerKind, ct);
        await db.SaveChangesAsync(ct);
        await cache.EvictAsync();
        return TypedResults.Ok(AgencyDto.From(agency));
    }

    /// <summary>
    /// An inactive agency owes nothing: its open obligations are cancelled with it. An agency with active agencies
    /// under it (a district with its communes) stays until they are deactivated or moved, so the tree never has an
    /// active agency under an inactive one.
    /// </summary>
    static async Task<Results<Ok<AgencyDto>, NotFound, ProblemHttpResult>> Deactivate(string code, TargetsDb db, TimeProvider clock,
        ObligationLedger ledger, DashboardCache cache, CancellationToken ct)
    {
        var agency = await Find(db, code, ct);
        if (agency is null) return TypedResults.NotFound();
        var activeChildren = await db.Agencies.Where(a => a.ParentCode == agency.Code && a.IsActive)
            .OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct);
        if (agency.IsActive && activeChildren.Count > 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The agency has active agencies under it.",
                detail: $"Deactivate or move {string.Join(", ", activeChildren)} first; they sit under {agency.Code}.",
                extensions: new Dictionary<string, object?> { ["activeChildren"] = activeChildren });
        if (agency.Deactivate(clock))
        {
            db.PublishToOutbox(agency.ToEvent(), clock, agency.Code);
            await ledger.CancelOpenForAgencyAsync(agency.Code, $"Agency {agency.Code} was deactivated", ct);
            await db.SaveChangesAsync(ct);
            await cache.EvictAsync();
        }
        return TypedResults.Ok(AgencyDto.From(agency));
    }

    static Task<Agency?> Find(TargetsDb db, string code, CancellationToken ct) =>
        AgencyCode.TryParse(code, out var parsed)
            ? db.Agencies.FirstOrDefaultAsync(a => a.Code == parsed.Value, ct)
            : Task.FromResult<Agency?>(null);

    /// <summary>Checks a request against the tree: the parent must be of a kind that may hold this one, and active for an
    /// active agency; a change of kind must still suit the agencies already under it.</summary>
    static async Task<(string? Name, AgencyKind? Kind, string? Parent, List<Contact> Contacts)> ValidateAsync(
        AgencyRequest request, Agency? self, TargetsDb db, Errors errors, CancellationToken ct)
    {
        var name = errors.Required("name", request.Name, 300);
        var kind = errors.Required("kind", request.Kind);
        string? parent = null;
        if (!string.IsNullOrWhiteSpace(request.ParentCode))
        {
            if (errors.Code("parentCode", request.ParentCode) is { } parentCode)
            {
                parent = parentCode.Value;
                var parentAgency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == parent, ct);
                if (parent == self?.Code) errors.Add("parentCode", "An agency cannot be its own parent.");
                else if (parentAgency is null) errors.Add("parentCode", $"No agency has code {parent}.");
                else if (kind is not null && !Agency.AllowedParents(kind.Value).Contains(parentAgency.Kind))
                    errors.Add("parentCode", $"A {kind} cannot sit under a {parentAgency.Kind} ({parent}).");
                else if (!parentAgency.IsActive && (self?.IsActive ?? true))
                    errors.Add("parentCode", $"Agency {parent} is inactive; an active agency cannot sit under it.");
            }
        }
        else if (kind is not null && !Agency.AllowedParents(kind.Value).Contains(null))
            errors.Add("parentCode", $"A {kind} needs a parent ({string.Join(" or ", Agency.AllowedParents(kind.Value))}).");
        if (self is not null && kind is not null && kind != self.Kind)
        {
            var children = await db.Agencies.AsNoTracking().Where(a => a.ParentCode == self.Code)
                .Select(a => new { a.Code, a.Kind }).ToListAsync(ct);
            var orphaned = children.Where(c => !Agency.AllowedParents(c.Kind).Contains(kind)).Select(c => c.Code)
                .Order(StringComparer.Ordinal).ToList();
            if (orphaned.Count > 0)
                errors.Add("kind", $"{self.Code} has agencies under it that cannot sit under a {kind} ({string.Join(", ", orphaned)}); move them first.");
        }
        var contacts = ContactRules.Validate(request.Contacts, errors);
        return (name, kind, parent, contacts);
    }
}
