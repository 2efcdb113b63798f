using DxTrack.Contracts;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions.Http;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using DxTrack.Submissions.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTrack.Submissions.Review;

/// <summary>The secretariat's review: accept the latest revision, or return it with a reason.</summary>
public static class ReviewEndpoints
{
    const int MaxReasonLength = 2000;
    const int MaxFieldComments = 50;
    const int MaxFieldNameLength = 100;
    const int MaxCommentLength = 1000;
    const int MaxFixWithinDays = 90;

    public static void MapReview(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/submissions").WithTags("Review")
            .RequireAuthorization(DxPolicies.Secretariat)
            .WithIdempotencyKey();
        review.MapPost("/{id:guid}/accept", Accept)
            .ProducesValidationProblem()   // a malformed Idempotency-Key
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("Accept");
        review.MapPost("/{id:guid}/return", Return)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("Return");
    }

    static async Task<Results<Ok<ReviewedResponse>, ProblemHttpResult>> Accept(
        Guid id, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar, ILogger<Submission> logger,
        CancellationToken ct)
    {
        var (submission, obligation, refused) = await FindReviewableAsync(db, id, "accepted", ct);
        if (refused is not null) return refused;

        var now = calendar.Now;
        Revision revision;
        try { revision = submission.Accept(obligation, user.Subject, now); }
        catch (ReportRuleException rule) { return Problems.Conflict(rule.Message, "revision"); }

        db.PublishToOutbox(new SubmissionAccepted(submission.Id, submission.ObligationId, submission.AgencyCode,
            revision.Number, obligation.Subject, obligation.SubjectId, obligation.Period,
            revision.Value is { } v ? new IndicatorValue(v.Numerator, v.Denominator, v.Percent, v.Count, v.Done) : null,
            revision.Progress is { } p ? new TaskProgress(p.Status, p.PercentComplete, p.Note) : null,
            submission.OnTime ?? false, now), calendar.Clock, aggregateKey: submission.Id.ToString());
        if (await SaveReviewAsync(db, ct) is { } race) return race;

        logger.LogInformation("Submission {SubmissionId} revision {Revision} accepted (on time: {OnTime})",
            submission.Id, revision.Number, submission.OnTime);
        return TypedResults.Ok(new ReviewedResponse(submission.Id, revision.Number, revision.Status, submission.OnTime,
            null, null, now));
    }

    static async Task<Results<Ok<ReviewedResponse>, ValidationProblem, ProblemHttpResult>> Return(
        Guid id, ReturnRequest request, SubmissionsDb db, CurrentUser user, ProvinceCalendar calendar,
        IOptions<SubmissionsOptions> options, ILogger<Submission> logger, CancellationToken ct)
    {
        var errors = Validate(request, options.Value);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (submission, _, refused) = await FindReviewableAsync(db, id, "returned", ct);
        if (refused is not null) return refused;

        var now = calendar.Now;
        var decision = new ReturnDecision(request.ReasonCode!, request.Reason!.Trim(),
            (request.FieldComments ?? []).Select(c => new FieldComment(c.Key, c.Value!.Trim())).ToList(),
            calendar.EndOfDayIn(request.FixWithinDays ?? options.Value.DefaultFixWithinDays));
        Revision revision;
        try { revision = submission.Return(decision, user.Subject, now); }
        catch (ReportRuleException rule) { return Problems.Conflict(rule.Message, "revision"); }

        db.PublishToOutbox(new SubmissionReturned(submission.Id, submission.ObligationId, submission.AgencyCode,
            revision.Number, decision.ReasonCode, decision.Reason, decision.FixBy, now, submission.AcceptedRevision),
            calendar.Clock, aggregateKey: submission.Id.ToString());
        if (await SaveReviewAsync(db, ct) is { } race) return race;

        logger.LogInformation("Submission {SubmissionId} revision {Revision} returned ({ReasonCode})",
            submission.Id, revision.Number, decision.ReasonCode);
        return TypedResults.Ok(new ReviewedResponse(submission.Id, revision.Number, revision.Status, null,
            decision.ReasonCode, decision.FixBy, now));
    }

    /// <summary>
    /// The submission under review, with its revisions and its obligation; or why it cannot be reviewed: it is unknown
    /// (404), or its obligation was cancelled (409; <paramref name="decision"/> is what can no longer happen to it).
    /// </summary>
    static async Task<(Submission Submission, ObligationReplica Obligation, ProblemHttpResult? Refused)> FindReviewableAsync(
        SubmissionsDb db, Guid id, string decision, CancellationToken ct)
    {
        var submission = await db.Submissions.Include(s => s.Revisions).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null) return (null!, null!, Problems.NotFound("id", $"No submission {id}."));
        var obligation = await db.Obligations.FirstAsync(o => o.Id == submission.ObligationId, ct);
        return obligation.IsCancelled
            ? (submission, obligation, Problems.Conflict($"The obligation was cancelled; its report can no longer be {decision}.", "obligationId"))
            : (submission, obligation, null);
    }

    /// <summary>Saves the decision with its event; a concurrent review of the same report that committed first is a 409.</summary>
    static async Task<ProblemHttpResult?> SaveReviewAsync(SubmissionsDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (SubmissionEndpoints.IsRace(ex))
        {
            return Problems.Conflict("The report changed while it was being reviewed; read it again.", "revision");
        }
    }

    static Dictionary<string, string[]> Validate(ReturnRequest request, SubmissionsOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ReasonCode))
            errors["reasonCode"] = [$"Required: one of {string.Join(", ", options.ReturnReasons)}."];
        else if (!options.ReturnReasons.Contains(request.ReasonCode, StringComparer.Ordinal))
            errors["reasonCode"] = [$"Unknown reason; use one of {string.Join(", ", options.ReturnReasons)}."];
        if (string.IsNullOrWhiteSpace(request.Reason))
            errors["reason"] = ["Required: tell the agency what to fix."];
        else if (request.Reason.Length > MaxReasonLength)
            errors["reason"] = [$"At most {MaxReasonLength} characters."];
        if (request.FieldComments is { } comments)
        {
            if (comments.Count > MaxFieldComments)
                errors["fieldComments"] = [$"At most {MaxFieldComments} comments."];
            else
                foreach (var (field, comment) in comments)
                {
                    if (string.IsNullOrWhiteSpace(field) || field.Length > MaxFieldNameLength)
                        errors["fieldComments"] = [$"Field names must have 1 to {MaxFieldNameLength} characters."];
                    else if (string.IsNullOrWhiteSpace(comment) || comment.Length > MaxCommentLength)
                        errors[$"fieldComments.{field}"] = [$"A comment must have 1 to {MaxCommentLength} characters."];
                }
        }
        if (request.FixWithinDays is < 1 or > MaxFixWithinDays)
            errors["fixWithinDays"] = [$"Must be between 1 and {MaxFixWithinDays}."];
        return errors;
    }
}
