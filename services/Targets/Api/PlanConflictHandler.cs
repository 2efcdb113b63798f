using DxTrack.Targets.Plans;
using Microsoft.AspNetCore.Diagnostics;

namespace DxTrack.Targets.Api;

/// <summary>A refused plan transition or edit is a 409 naming the plan's current state and what was asked.</summary>
sealed class PlanConflictHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not PlanTransitionRefused refused) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Conflict(refused),
        });
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails Conflict(PlanTransitionRefused refused) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The plan's state does not allow this.",
        Detail = refused.Message,
        Extensions = { ["currentState"] = refused.Current.ToString(), ["requestedState"] = refused.Requested },
    };
}
