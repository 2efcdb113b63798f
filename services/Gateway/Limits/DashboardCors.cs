using System.ComponentModel.DataAnnotations;
using DxTrack.ServiceDefaults;

namespace DxTrack.Gateway.Limits;

public static class DashboardCors
{
    /// <summary>The only CORS policy: applied to the dashboard route and nowhere else.</summary>
    public const string Policy = "dashboard";

    public static IHostApplicationBuilder AddDashboardCors(this IHostApplicationBuilder builder)
    {
        var options = builder.BindValidated<DashboardCorsOptions>(DashboardCorsOptions.Section);
        foreach (var origin in options.Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
                throw new ValidationException($"{DashboardCorsOptions.Section}:Origins: '{origin}' is not an origin (scheme://host[:port]).");
        }

        builder.Services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .WithOrigins(options.Origins.Select(o => o.TrimEnd('/')).ToArray())
            .WithMethods("GET")
            .WithHeaders("Authorization", "Content-Type", CorrelationIdMiddleware.Header)
            .WithExposedHeaders(CorrelationIdMiddleware.Header, "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
