using System.Text.RegularExpressions;
using DxTrack.Gateway.Data;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>Admins issue, list and revoke agencies' API keys.</summary>
public static partial class ApiKeyEndpoints
{
    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/gateway/api-keys").WithTags("API keys")
            .RequireAuthorization(DxPolicies.Admin);
        keys.MapPost("/", Create);
        keys.MapGet("/", List);
        keys.MapGet("/{id:guid}", Get);
        keys.MapDelete("/{id:guid}", Revoke);
    }

    static async Task<Results<Created<ApiKeyCreated>, ValidationProblem>> Create(
        CreateApiKey request, GatewayDb db, CurrentUser user, TimeProvider clock, ILogger<ApiKey> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.AgencyCode) || !AgencyCodePattern().IsMatch(request.AgencyCode))
            errors["agencyCode"] = ["Required: the agency's code, letters, digits, '.', '_' or '-' (at most 50), e.g. STTTT."];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            errors["name"] = ["Required: what the key is for (at most 200 characters), e.g. 'STTTT reporting system'."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (key, text) = ApiKey.Issue(request.AgencyCode!, request.Name!.Trim(), user.Subject, clock);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("API key {KeyId} issued for agency {AgencyCode}", key.Id, key.AgencyCode);
        return TypedResults.Created($"/api/gateway/api-keys/{key.Id}",
            new ApiKeyCreated(key.Id, text, key.Prefix, key.AgencyCode, key.Name, key.CreatedAt));
    }

    static async Task<Ok<List<ApiKeySummary>>> List(GatewayDb db, string? agency, CancellationToken ct)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(agency)) query = query.Where(k => k.AgencyCode == agency);
        var keys = await query.OrderBy(k => k.AgencyCode).ThenBy(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(keys.Select(ApiKeySummary.From).ToList());
    }

    static async Task<Results<Ok<ApiKeySummary>, NotFound>> Get(Guid id, GatewayDb db, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct) is { } key
            ? TypedResults.Ok(ApiKeySummary.From(key))
            : TypedResults.NotFound();

    static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Revoke(
        Guid id, GatewayDb db, CurrentUser user, TimeProvider clock, ILogger<ApiKey> logger, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return TypedResults.NotFound();
        if (!key.TryRevoke(user.Subject, clock))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "API key already revoked",
                detail: $"The key was revoked at {key.RevokedAt:O}.");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("API key {KeyId} of agency {AgencyCode} revoked", key.Id, key.AgencyCode);
        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")]
    private static partial Regex AgencyCodePattern();
}
