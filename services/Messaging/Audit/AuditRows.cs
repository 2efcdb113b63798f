using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// Audit entries as the trail records them, whoever writes them: <see cref="AuditInterceptor"/> for a save, or a
/// request that writes its rows in one batch of statements and its entries beside them.
/// </summary>
public static class AuditRows
{
    /// <summary>
    /// One change to one entity by the work in progress: the caller of <paramref name="context"/>'s request (a consumer or
    /// job is <c>system</c>), the request or activity it is, and its correlation id.
    /// </summary>
    /// <param name="before">The changed properties before, as the trail's JSON; null for an addition.</param>
    /// <param name="after">After; null for a deletion.</param>
    public static AuditEntry Entry(HttpContext? context, string change, string entityType, string entityId,
        string? before, string? after, DateTimeOffset at, string? correlationId = null)
    {
        var user = context?.User;
        return new AuditEntry
        {
            At = at,
            Actor = user?.FindFirst("sub")?.Value ?? (context is null ? "system" : "anonymous"),
            Role = user?.FindFirst("role")?.Value,
            AgencyCode = user?.FindFirst("agency")?.Value,
            Change = change,
            EntityType = entityType,
            EntityId = entityId,
            Operation = context is null ? Activity.Current?.DisplayName : $"{context.Request.Method} {context.Request.Path}",
            CorrelationId = correlationId
                            ?? context?.Request.Headers[Correlation.Header].FirstOrDefault()
                            ?? Correlation.Current
                            ?? Activity.Current?.TraceId.ToString(),
            Before = before,
            After = after,
        };
    }

    /// <summary>
    /// The properties of an added entity as the trail writes them (camel-case names; enums as their names), from the
    /// values being written.
    /// </summary>
    public static string Values(IReadOnlyDictionary<string, object?> values) => JsonSerializer.Serialize(values, MessageJson.Options);

    /// <summary>The entry's insert, for a batch that commits it with the change it records.</summary>
    public static NpgsqlBatchCommand Insert(AuditEntry entry) => new(
        $"""
         INSERT INTO {MessagingModel.AuditTable}
             (at, actor, role, agency_code, change, entity_type, entity_id, operation, correlation_id, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         """)
    {
        Parameters =
        {
            new() { Value = entry.At },
            new() { Value = entry.Actor },
            Text(entry.Role),
            Text(entry.AgencyCode),
            new() { Value = entry.Change },
            new() { Value = entry.EntityType },
            new() { Value = entry.EntityId },
            Text(entry.Operation),
            Text(entry.CorrelationId),
            new() { Value = (object?)entry.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
            new() { Value = (object?)entry.After ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };

    static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar };
}
