using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxTrack.Targets.Dashboard;

public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(DxPolicies.Reader);
        dashboard.MapGet("/summary", Summary).WithName("GetDashboardSummary");
        dashboard.MapGet("/agencies", Agencies).WithName("GetDashboardAgencies");
        dashboard.MapGet("/indicators", Indicators).WithName("GetDashboardIndicators");
    }

    static async Task<Ok<DashboardSummary>> Summary(DashboardCache cache, TargetsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await cache.GetSummaryAsync(c => DashboardQueries.ComputeSummaryAsync(db, clock, c), ct));

    static async Task<Ok<AgencyStandings>> Agencies(DashboardCache cache, TargetsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await cache.GetAsync("agencies", c => DashboardStandingQueries.ComputeAgenciesAsync(db, clock, c), ct));

    static async Task<Ok<IndicatorStandings>> Indicators(DashboardCache cache, TargetsDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await cache.GetAsync("indicators", c => DashboardStandingQueries.ComputeIndicatorsAsync(db, clock, c), ct));
}
