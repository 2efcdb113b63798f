using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions.Http;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DxTrack.Submissions.Reports;

public static class SubmissionEndpoints
{
    public static void MapSubmissions(this IEndpointRouteBuilder app)
    {
        var submissions = app.MapGroup("/api/submissions").WithTags("Submissions");

        // The handlers' ProblemHttpResult says nothing of its status: each endpoint lists the problems it can
        // answer (400 comes with ValidationProblem in the result type, or is listed where it does not).
        submissions.MapPost("/", Submit).RequireAuthorization(DxPolicies.Reporter).WithIdempotencyKey(answeredByHandler: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("Submit");
        submissions.MapPost("/{id:guid}/revisions", Revise).RequireAuthorization(DxPolicies.Reporter).WithIdempotencyKey(answeredByHandler: true)
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

    /// <summary>
    /// A report on an obligation: the first one, or a new revision of the obligation's report. A first report (the
    /// deadline's rush) costs two round trips: one batch of reads, and one batch of writes that commits as one.
    /// </summary>
    static async Task<Results<CreatedJson<SubmittedResponse>, ValidationProblem, ProblemHttpResult, IdempotentReplay>> Submit(
        SubmitRequest request, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar, HttpContext http,
        IOptions<JsonOptions> json, OutboxSignal outbox, ILogger<Submission> logger, CancellationToken ct)
    {
        if (request.ObligationId is not { } obligationId)
            return Problems.Invalid("obligationId", "Required: the obligation this report answers.");

        var claim = http.Features.Get<IdempotencyClaim>();
        await using var connection = await ReportIntake.OpenAsync(db, ct);
        var read = await ReportIntake.ReadAsync(db, obligationId, claim, ct);
        if (read.FirstAnswer is { } first)
            return claim!.SameRequestAs(first) ? new IdempotentReplay(first) : IdempotencyClaim.KeyReused();
        if (read.Obligation is not { } obligation)
            return Problems.Unprocessable("obligationId", $"No obligation {obligationId} is known.");
        if (!user.MayActFor(obligation.AgencyCode))
            return Problems.Forbidden("obligationId", "The obligation belongs to another agency.");

        if (read.AlreadyReported)
        {
            var reported = await db.Submissions.Include(s => s.Revisions).FirstAsync(s => s.ObligationId == obligation.Id, ct);
            return await Record(db, reported, obligation, request, user, calendar, claim, json.Value, logger, "obligationId", ct);
        }

        var errors = ReportValidator.Validate(request, obligation, calendar.Today, out var content);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var now = calendar.Now;
        Submission submission;
        try
        {
            submission = Submission.Start(obligation, content, new Submitter(user.Subject, user.Role, user.AgencyCode), now);
        }
        catch (ReportRuleException rule)
        {
            return Problems.Conflict(rule.Message, rule.Field ?? "revision");
        }

        var revision = submission.Latest;
        var created = Created(submission, revision, json.Value);
        var answer = claim?.Answered(StatusCodes.Status201Created, created.Json, created.Location, now);
        try
        {
            await ReportIntake.WriteFirstAsync(db, submission, Received(submission, revision, calendar.Clock), answer, http, now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return await RaceLostAsync(db, claim, "obligationId", ct);
        }
        outbox.Notify();
        LogReceived(logger, submission, revision);
        return created;
    }

    /// <summary>A new revision of a submission: the fix of a returned report, or a correction.</summary>
    static async Task<Results<CreatedJson<SubmittedResponse>, ValidationProblem, ProblemHttpResult, IdempotentReplay>> Revise(
        Guid id, SubmitRequest request, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar, HttpContext http,
        IOptions<JsonOptions> json, ILogger<Submission> logger, CancellationToken ct)
    {
        var claim = http.Features.Get<IdempotencyClaim>();
        if (claim is not null && await claim.FindAsync(db, ct) is { } first)
            return claim.SameRequestAs(first) ? new IdempotentReplay(first) : IdempotencyClaim.KeyReused();

        var submission = await db.Submissions.Include(s => s.Revisions).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return Problems.NotFound("id", $"No submission {id}.");
        if (!user.MayActFor(submission.AgencyCode))
            return Problems.Forbidden("id", "The submission belongs to another agency.");
        if (request.ObligationId is { } other && other != submission.ObligationId)
            return Problems.Unprocessable("obligationId", "Does not match the submission's obligation.");

        var obligation = await db.Obligations.AsNoTracking().FirstAsync(o => o.Id == submission.ObligationId, ct);
        return await Record(db, submission, obligation, request, user, calendar, claim, json.Value, logger, "id", ct);
    }

    /// <summary>A revision through EF Core: the change, its event, its audit entries and its answer in one save.</summary>
    static async Task<Results<CreatedJson<SubmittedResponse>, ValidationProblem, ProblemHttpResult, IdempotentReplay>> Record(
        SubmissionsDb db, Submission submission, ObligationReplica obligation, SubmitRequest request, CurrentUser user,
        ProvinceCalendar calendar, IdempotencyClaim? claim, JsonOptions json, ILogger logger, string raceField,
        CancellationToken ct)
    {
        var errors = ReportValidator.Validate(request, obligation, calendar.Today, out var content);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = calendar.Now;
        Revision revision;
        try
        {
            revision = submission.Revise(obligation, content, new Submitter(user.Subject, user.Role, user.AgencyCode), now);
        }
        catch (ReportRuleException rule)
        {
            return Problems.Conflict(rule.Message, rule.Field ?? "revision");
        }

        db.OutboxMessages.Add(Received(submission, revision, calendar.Clock));
        var created = Created(submission, revision, json);
        if (claim is not null) db.IdempotencyRecords.Add(claim.Answered(StatusCodes.Status201Created, created.Json, created.Location, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsRace(ex))
        {
            db.ChangeTracker.Clear();
            return await RaceLostAsync(db, claim, raceField, ct);
        }

        LogReceived(logger, submission, revision);
        return created;
    }

    /// <summary>
    /// Another request committed first: the same key's (its answer is this one's too), or another report on the same
    /// obligation or submission (this one is refused, having changed nothing).
    /// </summary>
    static async Task<Results<CreatedJson<SubmittedResponse>, ValidationProblem, ProblemHttpResult, IdempotentReplay>> RaceLostAsync(
        SubmissionsDb db, IdempotencyClaim? claim, string raceField, CancellationToken ct)
    {
        if (claim is not null && await claim.FindAsync(db, ct) is { } winner)
            return claim.SameRequestAs(winner) ? new IdempotentReplay(winner) : IdempotencyClaim.KeyReused();
        return Problems.Conflict("The report changed while this one was being saved; read it again and retry.", raceField);
    }

    static OutboxMessage Received(Submission submission, Revision revision, TimeProvider clock) =>
        OutboxRows.For(new SubmissionReceived(submission.Id, submission.ObligationId, submission.AgencyCode,
            revision.Number, revision.SubmittedAt, revision.IsLate), clock, aggregateKey: submission.Id.ToString());

    // Serialised once: the same text is the body sent and the answer kept for the idempotency key.
    static CreatedJson<SubmittedResponse> Created(Submission submission, Revision revision, JsonOptions json)
    {
        var response = new SubmittedResponse(submission.Id, submission.ObligationId, submission.AgencyCode, revision.Number,
            revision.IsLate, revision.Status, revision.SubmittedAt);
        return new CreatedJson<SubmittedResponse>($"/api/submissions/{submission.Id}", response,
            JsonSerializer.Serialize(response, json.SerializerOptions));
    }

    static void LogReceived(ILogger logger, Submission submission, Revision revision) =>
        logger.LogDebug("Submission {SubmissionId} revision {Revision} received for {AgencyCode} (late: {IsLate})",
            submission.Id, revision.Number, submission.AgencyCode, revision.IsLate);

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
