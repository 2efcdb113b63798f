using DxTrack.ServiceDefaults.Health;
using DxTrack.ServiceDefaults.Memory;
using DxTrack.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every DxTrack process shares: OpenTelemetry to the Aspire dashboard,
/// health endpoints, service discovery, HTTP resilience, ProblemDetails, and
/// handing memory back after a burst.
/// </summary>
public static class Extensions
{
    /// <summary>Trace sources and meters beyond ASP.NET Core and HttpClient.</summary>
    static readonly string[] ExtraSources = ["MassTransit", "Npgsql", "DxTrack.*"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<IdleTrimOptions>().BindConfiguration("Memory:IdleTrim")
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<IdleMemoryTrim>();

        builder.Services.AddExceptionHandler<DxTrack.ServiceDefaults.BadRequestProblemHandler>();
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = ctx =>
            {
                // Clients quote this id to operators; it is the trace id seen in the dashboard.
                ctx.ProblemDetails.Extensions["traceId"] =
                    System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
                // Never reveal which instance answered.
                ctx.ProblemDetails.Instance = ctx.HttpContext.Request.Path;
            });

        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces to the OTLP endpoint Aspire (or a deployment) names, in the profile of
    /// <see cref="TelemetryOptions"/>: outside Development a tenth of the traces, metrics every 30 s and no console
    /// logger beside OTLP; in Development everything.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var development = builder.Environment.IsDevelopment();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry")
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        // Every line would be written twice, once as text nobody reads where the OTLP collector has it already.
        if (otlp && !development)
            foreach (var console in builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)
                                                                && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
                builder.Services.Remove(console);

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ExtraSources))
            .WithTracing(tracing => tracing
                .SetSampler(sp => TraceSampling.Sampler(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value
                    .SampleRatioIn(development)))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ExtraSources)
                .AddAspNetCoreInstrumentation(o =>
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health")
                                      && !ctx.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());
        // After the environment's OTEL_METRIC_EXPORT_INTERVAL, which the reader's options read first.
        builder.Services.AddOptions<MetricReaderOptions>().Configure<IOptions<TelemetryOptions>>((reader, telemetry) =>
        {
            if (telemetry.Value.MetricIntervalIn(development) is { } interval)
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
        });

        if (otlp)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        builder.Services.AddOptions<HealthOptions>().BindConfiguration("Health").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<HealthCheckCache>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HealthCheckServiceOptions>, CachedHealthChecks>());
        return builder;
    }

    /// <summary>
    /// The request pipeline every service shares, called right after <c>Build()</c>: errors as
    /// ProblemDetails without stack traces, correlation ids, authentication and authorization.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<DxTrack.ServiceDefaults.CorrelationIdMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// <c>/alive</c>: the process answers (liveness). <c>/health/ready</c>: this copy can serve requests, its own
    /// database answers (readiness: the gateway and Kubernetes route by it). <c>/health</c>: everything, the broker
    /// and this copy's consumers too (the AppHost waits for it). Mapped in every environment; dependency checks
    /// are cached for <see cref="HealthOptions.CacheDuration"/>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", StatusOnly(_ => true));
        app.MapHealthChecks("/health/ready",
            StatusOnly(check => check.Tags.Contains(HealthTags.Ready) || check.Tags.Contains(HealthTags.Live)));
        app.MapHealthChecks("/alive", StatusOnly(check => check.Tags.Contains(HealthTags.Live)));
        return app;
    }

    static HealthCheckOptions StatusOnly(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteStatusOnly,
        // A copy that cannot do all it is asked is not healthy. MassTransit reports consumers that lost the broker
        // as Degraded, which ASP.NET Core would answer with 200.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    // A plain status word: health answers must not describe the inside of the system.
    static Task WriteStatusOnly(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}
