using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTrack.Targets.Api;

/// <summary>
/// Two requests changing the same row (or creating the same code) at once: the loser gets a 409 and may read and
/// retry, instead of a 500. Nothing of the losing request was stored.
/// </summary>
sealed class ConflictingWriteHandler(IProblemDetailsService problems, ILogger<ConflictingWriteHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var conflict = exception is DbUpdateConcurrencyException
                       || exception is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } };
        if (!conflict) return false;
        logger.LogInformation("Concurrent change refused on {Path}", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Changed by another request.",
                Detail = "Another request changed or created the same data at the same moment. Read it again, then retry.",
            },
        });
    }
}
