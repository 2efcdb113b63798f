using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Compliance;

public static class ComplianceEndpoints
{
    public static void MapCompliance(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/submissions/compliance", Get)
            .WithTags("Compliance")
            .RequireAuthorization(DxPolicies.Reader)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("Compliance");

    /// <summary>Completeness and timeliness per agency, per period and overall, with what is outstanding.</summary>
    static async Task<Results<Ok<ComplianceReport>, ProblemHttpResult>> Get(
        string? agency, string? period, SubmissionsDb db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        if (user.IsReporter)
        {
            if (agency is not null && !user.MayRead(agency))
                return Problems.Forbidden("agency", "A reporter sees only its own agency's compliance.");
            agency = user.AgencyCode ?? "";
        }

        var obligations = db.Obligations.AsNoTracking().Where(o => o.CancelledAt == null);
        if (agency is not null) obligations = obligations.Where(o => o.AgencyCode == agency);
        if (period is not null) obligations = obligations.Where(o => o.Period == period);

        var rows = await (
            from o in obligations
            join s in db.Submissions.AsNoTracking() on o.Id equals s.ObligationId into reports
            from s in reports.DefaultIfEmpty()
            join a in db.Agencies.AsNoTracking() on o.AgencyCode equals a.Code into agencies
            from a in agencies.DefaultIfEmpty()
            select new
            {
                o.Id, o.AgencyCode, o.Subject, o.SubjectCode, o.Title, o.Period, o.DueAt,
                AgencyKnown = a != null,
                AgencyActive = a != null && a.IsActive,
                InactiveSince = a != null ? a.InactiveSince : null,
                SubmissionId = s != null ? (Guid?)s.Id : null,
                Status = s != null ? (Reports.RevisionStatus?)s.Status : null,
                Accepted = s != null && s.AcceptedRevision != null,
                OnTime = s != null && s.OnTime == true,
            }).ToListAsync(ct);

        var standings = rows.Select(r => new ObligationStanding(r.Id, r.AgencyCode, r.Subject, r.SubjectCode, r.Title,
                r.Period, r.DueAt,
                // An agency this service has not heard of yet is taken as active: it owes the report.
                AgencyActiveWhenDue: !r.AgencyKnown || r.AgencyActive || r.InactiveSince > r.DueAt,
                r.SubmissionId, r.Status, r.Accepted, r.OnTime))
            .ToList();
        return TypedResults.Ok(ComplianceCalculator.Calculate(standings, clock.GetUtcNow(), agency, period));
    }
}
