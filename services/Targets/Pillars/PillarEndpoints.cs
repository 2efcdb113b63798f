using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Pillars;

public static class PillarEndpoints
{
    public static void MapPillars(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/targets/pillars").WithTags("Pillars").RequireAuthorization(DxPolicies.Reader)
            .MapGet("/", List).WithName("ListPillars");

    static async Task<Ok<List<Pillar>>> List(TargetsDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Pillars.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct));
}
