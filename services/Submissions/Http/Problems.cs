using Microsoft.AspNetCore.Http.HttpResults;

namespace DxTrack.Submissions.Http;

/// <summary>ProblemDetails answers that name the field at fault, whatever their status.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Field(int status, string field, string message, string? title = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title ?? TitleFor(status),
            Detail = message,
        });

    public static ProblemHttpResult Forbidden(string field, string message) =>
        Field(StatusCodes.Status403Forbidden, field, message);

    public static ProblemHttpResult NotFound(string field, string message) =>
        Field(StatusCodes.Status404NotFound, field, message);

    public static ProblemHttpResult Conflict(string message, string field) =>
        Field(StatusCodes.Status409Conflict, field, message);

    public static ProblemHttpResult Unprocessable(string field, string message) =>
        Field(StatusCodes.Status422UnprocessableEntity, field, message);

    static string TitleFor(int status) => status switch
    {
        400 => "The request is invalid",
        403 => "Not allowed for this caller",
        404 => "Not found",
        409 => "The report's state does not allow this",
        422 => "The request cannot be applied",
        _ => "The request failed",
    };
}
