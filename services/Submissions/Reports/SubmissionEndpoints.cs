using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions.Http;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTrack.Submissions.Reports;

public static class SubmissionEndpoints
{
    public static void MapSubmissions(this IEndpointRouteBuilder app)
    {
        var submissions = app.MapGroup("/api/submissions").WithTags("Submissions");

        // The handlers' ProblemHttpResult says nothing of its status: each endpoint lists the problems it can
        // answer (400 comes with ValidationProblem in the result type, or is listed where it does not).
        submissions.MapPost("/", Submit).RequireAuthorization(DxPolicies.Reporter).WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("Submit");
        submissions.MapPost("/{id:guid}/revisions", Revise).RequireAuthorization(DxPolicies.Reporter).WithIdempotencyKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("Revise");
        submissions.MapGet("/", List).RequireAuthorization(DxPolicies.Reader)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListSubmissions");
        submissions.MapGet("/{id:guid}", Get).RequireAuthorization(DxPolicies.Reader)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubmission");
        submissions.MapGet("/{id:guid}/diff", Diff).RequireAuthorization(DxPolicies.Reader)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .WithName("DiffRevisions");
    }

    /// <summary>A report on an obligation: the first one, or a new revision of the obligation's report.</summary>
    static async Task<Results<Created<SubmittedResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitRequest request, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar,
        ILogger<Submission> logger, CancellationToken ct)
    {
        if (request.ObligationId is not { } obligationId)
            return Problems.Invalid("obligationId", "Required: the obligation this report answers.");

        // Read only: a report never changes the replica, so it need not be tracked (and scanned at each save).
        var obligation = await db.Obligations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == obligationId, ct);
        if (obligation is null)
            return Problems.Unprocessable("obligationId", $"No obligation {obligationId} is known.");
        if (!user.MayActFor(obligation.AgencyCode))
            return Problems.Forbidden("obligationId", "The obligation belongs to another agency.");

        var submission = await db.Submissions.Include(s => s.Revisions)
            .FirstOrDefaultAsync(s => s.ObligationId == obligation.Id, ct);
        // Two first reports on one obligation at once: the unique index lets one win, the other is told.
        return await Record(db, submission, obligation, request, user, calendar, logger, "obligationId", ct);
    }

    /// <summary>A new revision of a submission: the fix of a returned report, or a correction.</summary>
    static async Task<Results<Created<SubmittedResponse>, ValidationProblem, ProblemHttpResult>> Revise(
        Guid id, SubmitRequest request, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar,
        ILogger<Submission> logger, CancellationToken ct)
    {
        var submission = await db.Submissions.Include(s => s.Revisions).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return Problems.NotFound("id", $"No submission {id}.");
        if (!user.MayActFor(submission.AgencyCode))
            return Problems.Forbidden("id", "The submission belongs to another agency.");
        if (request.ObligationId is { } other && other != submission.ObligationId)
            return Problems.Unprocessable("obligationId", "Does not match the submission's obligation.");

        var obligation = await db.Obligations.AsNoTracking().FirstAsync(o => o.Id == submission.ObligationId, ct);
        return await Record(db, submission, obligation, request, user, calendar, logger, "id", ct);
    }

    static async Task<Results<Created<SubmittedResponse>, ValidationProblem, ProblemHttpResult>> Record(
        SubmissionsDb db, Submission? submission, ObligationReplica obligation, SubmitRequest request,
        CurrentUser user, ProvinceCalendar calendar, ILogger logger, string raceField, CancellationToken ct)
    {
        var errors = ReportValidator.Validate(request, obligation, calendar.Today, out var content);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = calendar.Now;
        var by = new Submitter(user.Subject, user.Role, user.AgencyCode);
        Revision revision;
        try
        {
            if (submission is null)
            {
                submission = Submission.Start(obligation, content, by, now);
                db.Submissions.Add(submission);
                revision = submission.Latest;
            }
            else revision = submission.Revise(obligation, content, by, now);
        }
        catch (ReportRuleException rule)
        {
            return Problems.Conflict(rule.Message, rule.Field ?? "revision");
        }

        db.PublishToOutbox(new SubmissionReceived(submission.Id, submission.ObligationId, submission.AgencyCode,
            revision.Number, revision.SubmittedAt, revision.IsLate), calendar.Clock, aggregateKey: submission.Id.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsRace(ex))
        {
            return Problems.Conflict("The report changed while this one was being saved; read it again and retry.", raceField);
        }

        logger.LogDebug("Submission {SubmissionId} revision {Revision} received for {AgencyCode} (late: {IsLate})",
            submission.Id, revision.Number, submission.AgencyCode, revision.IsLate);
        return TypedResults.Created($"/api/submissions/{submission.Id}", new SubmittedResponse(submission.Id,
            submission.ObligationId, submission.AgencyCode, revision.Number, revision.IsLate, revision.Status,
            revision.SubmittedAt));
    }

    internal static bool IsRace(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException ||
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Submissions, newest change first; a reporter sees only its own agency's.</summary>
    static async Task<Results<Ok<SubmissionPage>, ValidationProblem, ProblemHttpResult>> List(
        SubmissionsDb db, CurrentUser user, string? agency, string? period, RevisionStatus? status, bool? late,
        int? page, int? pageSize, CancellationToken ct)
    {
        var size = pageSize ?? 50;
        var number = page ?? 1;
        if (size is < 1 or > 200) return Problems.Invalid("pageSize", "Must be between 1 and 200.");
        if (number < 1) return Problems.Invalid("page", "Must be 1 or more.");
        if (user.IsReporter)
        {
            if (agency is not null && !user.MayRead(agency))
                return Problems.Forbidden("agency", "A reporter sees only its own agency's submissions.");
            agency = user.AgencyCode ?? "";
        }

        var query = db.Submissions.AsNoTracking();
        if (agency is not null) query = query.Where(s => s.AgencyCode == agency);
        if (period is not null) query = query.Where(s => s.Period == period);
        if (status is not null) query = query.Where(s => s.Status == status);
        if (late is not null) query = query.Where(s => s.IsLate == late);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new SubmissionPage(items.Select(SubmissionSummary.From).ToList(), number, size, total));
    }

    /// <summary>One submission with its whole history.</summary>
    static async Task<Results<Ok<SubmissionDetail>, ProblemHttpResult>> Get(
        Guid id, SubmissionsDb db, CurrentUser user, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Revisions)
            .FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return Problems.NotFound("id", $"No submission {id}.");
        if (!user.MayRead(submission.AgencyCode))
            return Problems.Forbidden("id", "The submission belongs to another agency.");
        var obligation = await db.Obligations.AsNoTracking().FirstAsync(o => o.Id == submission.ObligationId, ct);
        return TypedResults.Ok(new SubmissionDetail(SubmissionSummary.From(submission), obligation.Title,
            obligation.SubjectCode, obligation.DueAt,
            submission.Revisions.OrderBy(r => r.Number).Select(RevisionDto.From).ToList()));
    }

    /// <summary>What changed between two revisions of a submission.</summary>
    static async Task<Results<Ok<RevisionDiff>, ValidationProblem, ProblemHttpResult>> Diff(
        Guid id, int? from, int? to, SubmissionsDb db, CurrentUser user, CancellationToken ct)
    {
        if (from is null) return Problems.Invalid("from", "Required: the earlier revision number.");
        if (to is null) return Problems.Invalid("to", "Required: the later revision number.");
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Revisions)
            .FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return Problems.NotFound("id", $"No submission {id}.");
        if (!user.MayRead(submission.AgencyCode))
            return Problems.Forbidden("id", "The submission belongs to another agency.");
        var before = submission.Revisions.FirstOrDefault(r => r.Number == from);
        if (before is null) return Problems.NotFound("from", $"No revision {from}.");
        var after = submission.Revisions.FirstOrDefault(r => r.Number == to);
        if (after is null) return Problems.NotFound("to", $"No revision {to}.");
        return TypedResults.Ok(RevisionDiff.Between(id, before, after));
    }
}
