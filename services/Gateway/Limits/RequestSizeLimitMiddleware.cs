using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway.Limits;

/// <summary>
/// Refuses a body announced larger than the limit with 413 before anything reads it. Bodies without
/// a length (chunked) are cut off by Kestrel's own limit, set to the same value.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<RequestLimitOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var max = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength is { } length && length > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The body has {length} bytes; the gateway accepts at most {max}.",
                },
            });
            return;
        }
        await next(context);
    }
}
