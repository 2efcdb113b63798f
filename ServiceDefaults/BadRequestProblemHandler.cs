using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DxTrack.ServiceDefaults;

/// <summary>
/// Turns a body or parameter the framework could not read (malformed JSON, a wrong type, an unknown
/// enum value or property, an unparsable query value, a body over the size limit) into a 4xx problem
/// naming the field, in the caller's terms: never a 500, never the server's type names.
/// </summary>
sealed partial class BadRequestProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var (field, message) = Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "Request body too large"
                    : "The request could not be read",
                Detail = message,
            },
        });
    }

    static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        for (Exception? inner = bad.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var path = json.Path is null or "$" ? "body" : json.Path.TrimStart('$').TrimStart('.');
                // The serializer's own wording, without its internal type names.
                var reason = json.LineNumber is null
                    ? $"The value at '{path}' is not valid."
                    : $"The value at '{path}' is not valid JSON of the expected type (line {json.LineNumber + 1}).";
                if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
                    reason = $"'{path}' is not a known field.";
                return (path, reason);
            }
        }

        var parameter = ParameterName().Match(bad.Message);
        if (parameter.Success)
        {
            var name = parameter.Groups["name"].Value;
            // A body parameter that could not be read at all is the body itself.
            return bad.Message.Contains("request body", StringComparison.OrdinalIgnoreCase) || name == "request"
                ? ("body", "The request body is missing or is not a JSON object of the expected shape.")
                : (name, $"'{name}' has a value that cannot be read.");
        }

        return ("body", bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
            _ => "The request could not be read.",
        });
    }

    // "Failed to bind parameter "int? page" from "abc"." / "Required parameter "SubmitRequest request" was not provided…"
    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
