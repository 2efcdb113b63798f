using System.Text.Json.Serialization;
using DxTrack.Targets.Api;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Seed;

using Microsoft.AspNetCore.Http.Json;
using StackExchange.Redis;

namespace DxTrack.Targets;

public static class TargetsRegistration
{
    /// <summary>This service's own registrations: options, Redis, domain services, JSON and error shapes.</summary>
    public static WebApplicationBuilder AddTargets(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TargetsOptions>().BindConfiguration("Targets").ValidateDataAnnotations().ValidateOnStart();

        // Redis only accelerates the dashboard: never wait for it, never fail a request because of it.
        builder.AddRedisClient("cache",
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.SyncTimeout = 1000;
                options.AsyncTimeout = 1000;
                options.ConnectRetry = 1;
                options.BacklogPolicy = BacklogPolicy.FailFast;
            });
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DashboardCache>();

        services.AddScoped<ObligationLedger>();
        services.AddScoped<PlanWorkflow>();
        services.AddScoped<DemoDataLoader>();
        services.AddHostedService<DemoDataSeeding>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Report unreadable bodies and parameters as problems that say what was wrong, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<PlanConflictHandler>();
        services.AddExceptionHandler<ConflictingWriteHandler>();
        services.AddOpenApi();
        return builder;
    }
}
