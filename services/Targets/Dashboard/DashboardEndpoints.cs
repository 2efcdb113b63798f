using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// The province dashboard: read through Redis, each answer with an entity tag so an unchanged view costs a 304.
/// </summary>
public static class DashboardEndpoints
{
    const string ETagRule = " Every answer carries an ETag; send it back in If-None-Match and an unchanged view answers 304 Not Modified.";
    const string ExportRule = " format=csv (UTF-8 with byte-order mark, tables one after the other) or format=xlsx (one worksheet per table); Vietnamese headings.";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var statusRule = app.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value.Describe();
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(DxPolicies.Reader)
            .WithMetadata(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status304NotModified));
        dashboard.MapGet("/summary", Summary).WithName("GetDashboardSummary")
            .WithSummary("Counts of obligations, plans, indicators and tasks").WithDescription(ETagRule.Trim());
        dashboard.MapGet("/agencies", Agencies).WithName("GetDashboardAgencies")
            .WithSummary("Every active agency's completeness (a reporter sees its own agency's row only)").WithDescription(ETagRule.Trim());
        dashboard.MapGet("/indicators", Indicators).WithName("GetDashboardIndicators")
            .WithSummary("Every indicator's latest value with a red/amber/green rating against its final target").WithDescription(ETagRule.Trim());

        dashboard.MapGet("/overview", Overview).WithName("GetDashboardOverview")
            .WithSummary("Per pillar, each indicator's latest value, target, expected value today and status; reporting; tasks; agency ranking (a reporter sees its own agency's row only)")
            .WithDescription(statusRule + " Agencies are ranked by completeness, then timeliness, then fewest overdue reports." + ETagRule);
        dashboard.MapGet("/overview/export", ExportOverview).WithName("ExportDashboardOverview")
            .WithSummary("The overview as CSV or XLSX").WithDescription(statusRule + ExportRule + ETagRule);
        dashboard.MapGet("/indicators/{id}", Indicator).WithName("GetDashboardIndicator")
            .WithSummary("One indicator: province value per period and each agency's value per period (a reporter sees its own agency's rows only)")
            .WithDescription(statusRule + ETagRule);
        dashboard.MapGet("/indicators/{id}/export", ExportIndicator).WithName("ExportDashboardIndicator")
            .WithSummary("One indicator's drill-down as CSV or XLSX").WithDescription(ExportRule.Trim() + ETagRule);
        dashboard.MapGet("/agencies/{agency}", Agency).WithName("GetDashboardAgency")
            .WithSummary("One agency: compliance, obligations, accepted values and tasks (a reporter sees only its own agency)")
            .WithDescription("Completeness = fulfilled ÷ fell due; timeliness = fulfilled by the due instant ÷ fell due." + ETagRule);
        dashboard.MapGet("/agencies/{agency}/export", ExportAgency).WithName("ExportDashboardAgency")
            .WithSummary("One agency's drill-down as CSV or XLSX").WithDescription(ExportRule.Trim() + ETagRule);
    }

    static async Task<Results<Ok<DashboardSummary>, StatusCodeHttpResult>> Summary(HttpContext http, DashboardCache cache, TargetsDb db,
        TimeProvider clock, CancellationToken ct) =>
        Serve(http, await cache.GetAsync(DashboardCache.Summary, c => DashboardQueries.ComputeSummaryAsync(db, clock, c), ct));

    static async Task<Results<Ok<AgencyStandings>, StatusCodeHttpResult>> Agencies(HttpContext http, CurrentUser user,
        DashboardCache cache, TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var entry = await cache.GetAsync(DashboardCache.Agencies, c => DashboardStandingQueries.ComputeAgenciesAsync(db, clock, c), ct);
        return Serve(http, user.IsReporter
            ? DashboardCache.Entry(entry.Value with { Agencies = entry.Value.Agencies.Where(a => user.MayRead(a.AgencyCode)).ToList() })
            : entry);
    }

    static async Task<Results<Ok<IndicatorStandings>, StatusCodeHttpResult>> Indicators(HttpContext http, DashboardCache cache,
        TargetsDb db, TimeProvider clock, CancellationToken ct) =>
        Serve(http, await cache.GetAsync(DashboardCache.Indicators, c => DashboardStandingQueries.ComputeIndicatorsAsync(db, clock, c), ct));

    // One cached view for everybody; a reporter's copy is cut from it, as Submissions limits a reporter's compliance figures.
    static async Task<DashboardEntry<DashboardOverview>> OverviewEntry(CurrentUser user, DashboardCache cache, TargetsDb db,
        TimeProvider clock, IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var entry = await cache.GetAsync(DashboardCache.Overview,
            c => Snapshot.ReadAsync(db, x => OverviewQueries.ComputeAsync(db, clock, options.Value, x), c), ct);
        if (!user.IsReporter) return entry;
        // The province figures stay; the ranking keeps the reporter's own row (and its rank) only.
        return DashboardCache.Entry(entry.Value with { Agencies = entry.Value.Agencies.Where(a => user.MayRead(a.AgencyCode)).ToList() });
    }

    static async Task<Results<Ok<DashboardOverview>, StatusCodeHttpResult>> Overview(HttpContext http, CurrentUser user,
        DashboardCache cache, TargetsDb db, TimeProvider clock, IOptions<DashboardOptions> options, CancellationToken ct) =>
        Serve(http, await OverviewEntry(user, cache, db, clock, options, ct));

    static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem>> ExportOverview(HttpContext http,
        string? format, CurrentUser user, DashboardCache cache, TargetsDb db, TimeProvider clock, IOptions<DashboardOptions> options,
        CancellationToken ct)
    {
        if (Format(format) is not { } f) return FormatProblem(format);
        var entry = await OverviewEntry(user, cache, db, clock, options, ct);
        return Export(http, entry, f, $"tong-quan-{entry.Value.Today:yyyy-MM-dd}", DashboardExports.Overview).Result switch
        {
            FileContentHttpResult file => file,
            var other => (StatusCodeHttpResult)other,
        };
    }

    static async Task<DashboardEntry<IndicatorDrillDown>?> IndicatorEntry(Guid id, CurrentUser user, DashboardCache cache, TargetsDb db,
        TimeProvider clock, IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var entry = await cache.FindAsync(DashboardCache.IndicatorView(id),
            c => Snapshot.ReadAsync(db, x => DrillDownQueries.IndicatorAsync(db, id, clock, options.Value, x), c), ct);
        if (entry is null || !user.IsReporter) return entry;
        // A reporter reads only its own agency's data: the province figures stay, the other agencies' rows go.
        return DashboardCache.Entry(entry.Value with
        {
            Periods = entry.Value.Periods.Select(p => p with
            {
                Agencies = p.Agencies.Where(a => user.MayRead(a.AgencyCode)).ToList(),
            }).ToList(),
        });
    }

    static async Task<Results<Ok<IndicatorDrillDown>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Indicator(
        HttpContext http, string id, CurrentUser user, DashboardCache cache, TargetsDb db, TimeProvider clock,
        IOptions<DashboardOptions> options, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var indicatorId)) return IdProblem(id);
        return await IndicatorEntry(indicatorId, user, cache, db, clock, options, ct) is { } entry
            ? Serve(http, entry).Result switch { Ok<IndicatorDrillDown> ok => ok, var other => (StatusCodeHttpResult)other }
            : IndicatorNotFound(indicatorId);
    }

    static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> ExportIndicator(
        HttpContext http, string id, string? format, CurrentUser user, DashboardCache cache, TargetsDb db, TimeProvider clock,
        IOptions<DashboardOptions> options, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var indicatorId)) return IdProblem(id);
        if (Format(format) is not { } f) return FormatProblem(format);
        if (await IndicatorEntry(indicatorId, user, cache, db, clock, options, ct) is not { } entry) return IndicatorNotFound(indicatorId);
        var name = $"chi-tieu-{entry.Value.Indicator.Code}-{entry.Value.Indicator.PlanCode}".ToLowerInvariant();
        return Export(http, entry, f, name, DashboardExports.Indicator).Result switch
        {
            FileContentHttpResult file => file,
            var other => (StatusCodeHttpResult)other,
        };
    }

    static async Task<Results<Ok<AgencyDrillDown>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Agency(
        HttpContext http, string agency, CurrentUser user, DashboardCache cache, TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!AgencyCode.TryParse(agency, out var code)) return AgencyProblem(agency);
        if (!user.MayRead(code.Value)) return TypedResults.Forbid();
        return await AgencyEntry(code, cache, db, clock, ct) is { } entry
            ? Serve(http, entry).Result switch { Ok<AgencyDrillDown> ok => ok, var other => (StatusCodeHttpResult)other }
            : AgencyNotFound(code);
    }

    static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> ExportAgency(
        HttpContext http, string agency, string? format, CurrentUser user, DashboardCache cache, TargetsDb db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!AgencyCode.TryParse(agency, out var code)) return AgencyProblem(agency);
        if (!user.MayRead(code.Value)) return TypedResults.Forbid();
        if (Format(format) is not { } f) return FormatProblem(format);
        if (await AgencyEntry(code, cache, db, clock, ct) is not { } entry) return AgencyNotFound(code);
        return Export(http, entry, f, $"don-vi-{code.Value.ToLowerInvariant()}", DashboardExports.Agency).Result switch
        {
            FileContentHttpResult file => file,
            var other => (StatusCodeHttpResult)other,
        };
    }

    static Task<DashboardEntry<AgencyDrillDown>?> AgencyEntry(AgencyCode code, DashboardCache cache, TargetsDb db, TimeProvider clock,
        CancellationToken ct) =>
        cache.FindAsync(DashboardCache.AgencyView(code.Value), c => Snapshot.ReadAsync(db, x => DrillDownQueries.AgencyAsync(db, code.Value, clock, x), c), ct);

    /// <summary>200 with the view, or 304 when the caller already holds this version (If-None-Match).</summary>
    static Results<Ok<T>, StatusCodeHttpResult> Serve<T>(HttpContext http, DashboardEntry<T> entry) where T : class =>
        Unchanged(http, entry.ETag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(entry.Value);

    static Results<FileContentHttpResult, StatusCodeHttpResult> Export<T>(HttpContext http, DashboardEntry<T> entry, string format,
        string name, Func<T, IReadOnlyList<ExportSheet>> tables) where T : class
    {
        if (Unchanged(http, entry.ETag.TrimEnd('"') + "-" + format + "\"")) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var bytes = DashboardExports.Write(format, tables(entry.Value));
        return TypedResults.File(bytes, format == DashboardExports.Xlsx ? DashboardExports.XlsxType : DashboardExports.CsvType,
            $"{name}.{format}");
    }

    // Sets the validators on every answer (200 and 304 alike) and tells whether the caller's copy is current.
    static bool Unchanged(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        foreach (var header in http.Request.Headers.IfNoneMatch)
        {
            foreach (var tag in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (tag == "*" || tag == etag || tag == "W/" + etag) return true;
        }
        return false;
    }

    static string? Format(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        DashboardExports.Csv => DashboardExports.Csv,
        DashboardExports.Xlsx => DashboardExports.Xlsx,
        _ => null,
    };

    static ValidationProblem FormatProblem(string? format) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["format"] = [string.IsNullOrWhiteSpace(format) ? "Required: csv or xlsx." : $"'{format}' is not an export format: csv or xlsx."],
    });

    static ValidationProblem IdProblem(string id) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["id"] = [$"'{id}' is not an indicator id (a GUID)."],
    });

    static ValidationProblem AgencyProblem(string agency) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["agency"] = [$"'{agency}' is not an agency code: {AgencyCode.Rule}"],
    });

    static ProblemHttpResult IndicatorNotFound(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Indicator not found", detail: $"No indicator has the id {id}.");

    static ProblemHttpResult AgencyNotFound(AgencyCode code) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Agency not found", detail: $"No agency has the code {code.Value}.");
}
