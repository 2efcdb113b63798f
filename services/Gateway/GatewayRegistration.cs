using System.ComponentModel.DataAnnotations;
using DxTrack.Gateway.ApiKeys;
using DxTrack.Gateway.DevTokens;
using DxTrack.Gateway.Limits;
using DxTrack.Gateway.OpenApi;
using DxTrack.Gateway.Proxy;
using DxTrack.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway;

public static class GatewayRegistration
{
    /// <summary>Everything the gateway registers beyond the service defaults, authentication and its database.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var limits = builder.BindValidated<RequestLimitOptions>(RequestLimitOptions.Section);
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            // Which server answers is nobody's business outside.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        });

        // Unreadable requests throw in every environment, so one handler turns them into 4xx problems.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.AddApiKeys();
        builder.AddDevIssuer();
        builder.AddRateLimits();
        builder.AddDashboardCors();
        builder.AddGatewayProxy(limits);
        builder.AddApiReference();
        return builder;
    }

    /// <summary>
    /// The gateway's own request pipeline. It is <c>UseServiceDefaults</c> with three additions in the
    /// places they must go: the body size check before anything reads the body, CORS before
    /// authentication (a browser's preflight carries no token), and rate limits after authentication
    /// (so callers are counted by who they are) but before authorization (so rejected calls count too).
    /// </summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Binds a section, refuses to start when it is invalid, and returns the values for registration-time use.</summary>
    internal static T BindValidated<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        var value = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            throw new OptionsValidationException(section, typeof(T),
                results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        return value;
    }
}
