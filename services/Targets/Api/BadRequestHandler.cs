using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace DxTrack.Targets.Api;

/// <summary>
/// Malformed JSON, a wrong type or an unknown enum value becomes a 400 problem that says what could not be read
/// (the JSON path and the reason), instead of a bare status code.
/// </summary>
sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var json = bad.InnerException as JsonException;
        var detail = json is null ? bad.Message : $"{bad.Message} {json.Message}";
        context.Response.StatusCode = bad.StatusCode;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
            Detail = detail,
        };
        if (json?.Path is { } path) problem.Extensions["field"] = path;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
