using DxTrack.Notifications.Reminders;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Obligations;

public static class ObligationEndpoints
{
    public static void MapObligations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications/obligations").WithTags("Obligations")
            .RequireAuthorization(DxPolicies.Reader);
        group.MapGet("/{obligationId:guid}", Get);
    }

    /// <summary>An obligation's status and pending reminders: every reader (the committee reads everything), a reporter for its own agency only.</summary>
    static async Task<Results<Ok<ObligationView>, ProblemHttpResult, ForbidHttpResult>> Get(
        Guid obligationId, NotificationsDb db, CurrentUser user, CancellationToken ct)
    {
        var obligation = await db.Obligations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == obligationId, ct);
        if (obligation is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Obligation not found",
                detail: $"No obligation {obligationId} is known to Notifications (yet).");
        if (!user.MayRead(obligation.AgencyCode)) return TypedResults.Forbid();

        var pending = await db.Reminders.AsNoTracking()
            .Where(r => r.ObligationId == obligationId && r.Status == ReminderStatus.Pending)
            .OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Step).ToListAsync(ct);
        return TypedResults.Ok(new ObligationView(obligation.Id, obligation.AgencyCode, obligation.Title, obligation.Period,
            obligation.DueAt, obligation.FixBy, obligation.Status, pending.Select(ReminderView.From).ToList()));
    }
}
