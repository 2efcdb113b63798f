using System.Text.Json.Serialization;
using DxTrack.Submissions.Http;
using DxTrack.Submissions.Idempotency;

namespace DxTrack.Submissions;

public static class SubmissionsRegistration
{
    /// <summary>This service's own registrations: options, JSON, error mapping, OpenAPI.</summary>
    public static IHostApplicationBuilder AddSubmissions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SubmissionsOptions>()
            .BindConfiguration("Submissions")
            .PostConfigure(o =>
            {
                if (o.ReturnReasons.Count == 0) o.ReturnReasons.AddRange(SubmissionsOptions.DefaultReturnReasons);
            })
            .ValidateDataAnnotations()
            .Validate(o => o.ReturnReasons.All(r => !string.IsNullOrWhiteSpace(r) && r.Length <= 50),
                "Submissions:ReturnReasons must be non-empty codes of at most 50 characters.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Submissions:TimeZone must name a time zone known to the system.")
            .ValidateOnStart();

        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));

        // Malformed bodies throw so the handler below can name the offending field in a 400 problem.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddSingleton<ProvinceCalendar>();
        builder.Services.AddSingleton<IdempotencyKeyCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeyCleanup>());
        builder.Services.AddOpenApi(o => o.AddOperationTransformer<IdempotencyKeyOperationTransformer>());
        return builder;
    }
}
