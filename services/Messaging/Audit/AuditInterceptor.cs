using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// Adds an <see cref="AuditEntry"/> for every change to an <see cref="IAudited"/> entity just before
/// it is saved, so the trail commits or rolls back with the change itself.
/// </summary>
sealed class AuditInterceptor(TimeProvider clock, IHttpContextAccessor? http = null) : SaveChangesInterceptor
{
    /// <summary>Header that carries the correlation id through every hop.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void Record(DbContext? db)
    {
        if (db is null) return;
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changes.Count == 0) return;

        var context = http?.HttpContext;
        var user = context?.User;
        var actor = user?.FindFirst("sub")?.Value ?? (context is null ? "system" : "anonymous");
        var operation = context is null
            ? Activity.Current?.DisplayName
            : $"{context.Request.Method} {context.Request.Path}";
        var correlation = context?.Request.Headers[CorrelationHeader].FirstOrDefault()
                          ?? Activity.Current?.TraceId.ToString();
        var now = clock.GetUtcNow();

        foreach (var entry in changes)
        {
            db.Add(new AuditEntry
            {
                At = now,
                Actor = actor,
                Role = user?.FindFirst("role")?.Value,
                AgencyCode = user?.FindFirst("agency")?.Value,
                Change = entry.State.ToString(),
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = KeyOf(entry),
                Operation = operation,
                CorrelationId = correlation,
                Before = entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false),
            });
        }
    }

    static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue?.ToString()));

    // For a modification, only the properties that changed; otherwise the whole row.
    static string Snapshot(EntityEntry entry, bool original)
    {
        var properties = entry.State == EntityState.Modified
            ? entry.Properties.Where(p => p.IsModified)
            : entry.Properties;
        var values = properties.ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name), p => original ? p.OriginalValue : p.CurrentValue);
        return JsonSerializer.Serialize(values, MessageJson.Options);
    }
}
