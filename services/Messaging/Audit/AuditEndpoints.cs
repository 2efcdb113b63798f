using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTrack.Messaging.Audit;

public static class AuditEndpoints
{
    /// <summary>
    /// Maps, for admins, <c>GET {prefix}/audit</c>: the service's audit trail, newest first; and
    /// <c>GET {prefix}/audit/verify</c>: a walk of its hash chain that names the first broken link.
    /// </summary>
    public static RouteHandlerBuilder MapAuditTrail<TDb>(this IEndpointRouteBuilder app, string prefix, string policy)
        where TDb : DbContext, IMessagingDbContext
    {
        app.MapGet($"{prefix}/audit/verify", async (TDb db, CancellationToken ct) =>
            {
                await db.Database.OpenConnectionAsync(ct);
                try
                {
                    return TypedResults.Ok(await AuditChain.VerifyAsync((NpgsqlConnection)db.Database.GetDbConnection(), ct));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            })
            .RequireAuthorization(policy)
            .WithTags("Audit")
            .WithName($"{prefix.Trim('/').Replace('/', '-')}-audit-verify")
            .WithSummary("Verify the audit trail's hash chain")
            .WithDescription("Walks the chain from its first seal: whether it is whole, how many entries are sealed and " +
                             "waiting, and the first link that does not hold.");
        return app.MapGet($"{prefix}/audit", async Task<Results<Ok<AuditPage>, ValidationProblem>> (
                TDb db, string? entityType, string? entityId, string? agency, DateTimeOffset? from, DateTimeOffset? to,
                int? page, int? pageSize, CancellationToken ct) =>
            {
                var size = pageSize ?? 50;
                var number = page ?? 1;
                var errors = new Dictionary<string, string[]>();
                if (size is < 1 or > 500) errors["pageSize"] = ["Must be between 1 and 500."];
                if (number < 1) errors["page"] = ["Must be 1 or more."];
                if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

                var query = db.Set<AuditEntry>().AsNoTracking();
                if (entityType is not null) query = query.Where(a => a.EntityType == entityType);
                if (entityId is not null) query = query.Where(a => a.EntityId == entityId);
                if (agency is not null) query = query.Where(a => a.AgencyCode == agency);
                if (from is not null) query = query.Where(a => a.At >= from);
                if (to is not null) query = query.Where(a => a.At < to);
                var total = await query.CountAsync(ct);
                var items = await query.OrderByDescending(a => a.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return TypedResults.Ok(new AuditPage(items, number, size, total));
            })
            .RequireAuthorization(policy)
            .WithTags("Audit")
            .WithName($"{prefix.Trim('/').Replace('/', '-')}-audit");
    }
}

/// <summary>A page of the audit trail.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Page, int PageSize, int Total);
