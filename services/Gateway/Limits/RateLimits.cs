using System.Globalization;
using System.Threading.RateLimiting;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway.Limits;

/// <summary>
/// One fixed one-minute window per caller: the token's subject (an API key's subject is
/// <c>apikey:{id}</c>), or the IP address when the request carries no valid credentials.
/// </summary>
public static class RateLimits
{
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.BindValidated<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = WriteRejection;
        });
        return builder;
    }

    static RateLimitPartition<string> Partition(HttpContext context)
    {
        // Orchestrators probe health often; their probes must never be refused.
        if (context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/alive"))
            return RateLimitPartition.GetNoLimiter("probes");

        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(DxClaims.Subject)?.Value : null;
        return subject is not null
            ? RateLimitPartition.GetFixedWindowLimiter("sub:" + subject, _ => Window(options.PermitsPerMinute))
            : RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress,
                _ => Window(options.AnonymousPermitsPerMinute));
    }

    static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    static async ValueTask WriteRejection(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client has used its request budget for the current minute; retry in {seconds} seconds.",
            },
        });
    }
}
