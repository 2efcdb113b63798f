using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// Adds an <see cref="AuditEntry"/> for every change to an <see cref="IAudited"/> entity just before
/// it is saved, so the trail commits or rolls back with the change itself.
/// </summary>
/// <remarks>
/// EF Core tracks owned types (a report's value and evidence, an agency's contacts) as entries of their
/// own. They are part of their owner: a change to them is recorded as a change to the owner, with the
/// owned navigation in full before and after. Properties marked <see cref="NotAuditedAttribute"/> are
/// never written to the trail.
/// </remarks>
sealed class AuditInterceptor(TimeProvider clock, IHttpContextAccessor? http = null) : SaveChangesInterceptor
{
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
        var tracked = db.ChangeTracker.Entries().ToList();
        var owned = new OwnedEntries(tracked);
        var changes = tracked
            .Where(e => e.Entity is IAudited && (IsChanged(e) || owned.AnyChangedUnder(e)))
            .ToList();
        if (changes.Count == 0) return;

        var context = http?.HttpContext;
        var now = clock.GetUtcNow();

        foreach (var entry in changes)
        {
            db.Add(AuditRows.Entry(context,
                // An owner whose owned parts alone changed is saved as an update of its row (or JSON column).
                change: (entry.State == EntityState.Unchanged ? EntityState.Modified : entry.State).ToString(),
                entityType: entry.Metadata.ClrType.Name,
                entityId: KeyOf(entry),
                before: entry.State == EntityState.Added ? null : Serialize(Snapshot(entry, owned, original: true)),
                after: entry.State == EntityState.Deleted ? null : Serialize(Snapshot(entry, owned, original: false)),
                at: now,
                correlationId: AuditCorrelation.Of(entry.Entity)));
        }
    }

    static bool IsChanged(EntityEntry entry) => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;

    static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue?.ToString()));

    static string Serialize(Dictionary<string, object?> values) => AuditRows.Values(values);

    /// <summary>
    /// For a modification, the properties that changed and every owned navigation with a change under it;
    /// for an addition or deletion, the whole entity with everything it owns.
    /// </summary>
    static Dictionary<string, object?> Snapshot(EntityEntry entry, OwnedEntries owned, bool original)
    {
        var whole = entry.State is EntityState.Added or EntityState.Deleted;
        var values = Properties(entry, original, only: whole ? null : p => p.IsModified);
        foreach (var navigation in OwnedNavigations(entry.Metadata))
        {
            if (!whole && !owned.AnyChangedUnder(entry, navigation)) continue;
            values[Name(navigation.Name)] = OwnedValue(entry, navigation, owned, original);
        }
        return values;
    }

    static object? OwnedValue(EntityEntry owner, INavigation navigation, OwnedEntries owned, bool original)
    {
        // Before the change: what existed and was not just added; after: what exists and is not being deleted.
        var side = owned.Of(owner, navigation)
            .Where(e => original ? e.State != EntityState.Added : e.State != EntityState.Deleted)
            .Select(e => OwnedSnapshot(e, owned, original));
        return navigation.IsCollection ? side.ToList() : side.FirstOrDefault();
    }

    // An owned object's own data: its keys and ownership columns are plumbing, not content.
    static Dictionary<string, object?> OwnedSnapshot(EntityEntry entry, OwnedEntries owned, bool original)
    {
        var values = Properties(entry, original, only: p => !p.Metadata.IsKey() && !p.Metadata.IsForeignKey());
        foreach (var navigation in OwnedNavigations(entry.Metadata))
            values[Name(navigation.Name)] = OwnedValue(entry, navigation, owned, original);
        return values;
    }

    static Dictionary<string, object?> Properties(EntityEntry entry, bool original, Func<PropertyEntry, bool>? only)
    {
        var values = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
            if ((only is null || only(property)) && TrailName(property.Metadata) is { } name)
                values[name] = original ? property.OriginalValue : property.CurrentValue;
        return values;
    }

    // Every save of every audited entity asks this of each of its properties: reflection and renaming once each.
    static readonly ConcurrentDictionary<IProperty, string?> TrailNames = new();

    /// <summary>The property's name in the trail, or null for a <see cref="NotAuditedAttribute"/> property.</summary>
    static string? TrailName(IProperty property) =>
        TrailNames.GetOrAdd(property, static p => p.PropertyInfo?.IsDefined(typeof(NotAuditedAttribute)) == true ? null : Name(p.Name));

    static IEnumerable<INavigation> OwnedNavigations(IEntityType type) =>
        type.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent);

    static string Name(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);

    /// <summary>The tracked owned entries, found by their owner's key (deleted ones are no longer reachable from the owner).</summary>
    sealed class OwnedEntries
    {
        readonly ILookup<(IForeignKey Ownership, string OwnerKey), EntityEntry> _byOwner;

        public OwnedEntries(IEnumerable<EntityEntry> tracked) =>
            _byOwner = tracked.Where(e => e.Metadata.IsOwned() && e.Metadata.FindOwnership() is not null)
                .ToLookup(e =>
                {
                    var ownership = e.Metadata.FindOwnership()!;
                    return (ownership, Join(ownership.Properties.Select(p => e.Property(p.Name).CurrentValue)));
                });

        public IEnumerable<EntityEntry> Of(EntityEntry owner, INavigation navigation) =>
            _byOwner[(navigation.ForeignKey, Join(navigation.ForeignKey.PrincipalKey.Properties
                    .Select(p => owner.Property(p.Name).CurrentValue)))]
                .OrderBy(e => e.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue).ToArray(),
                    KeyOrder.Instance);

        public bool AnyChangedUnder(EntityEntry owner) =>
            OwnedNavigations(owner.Metadata).Any(n => AnyChangedUnder(owner, n));

        public bool AnyChangedUnder(EntityEntry owner, INavigation navigation) =>
            Of(owner, navigation).Any(e => IsChanged(e) || AnyChangedUnder(e));

        sealed class KeyOrder : IComparer<object?[]>
        {
            public static readonly KeyOrder Instance = new();

            public int Compare(object?[]? x, object?[]? y)
            {
                for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
                    if (Comparer<object?>.Default.Compare(x[i], y[i]) is var order and not 0) return order;
                return x.Length.CompareTo(y.Length);
            }
        }

        static string Join(IEnumerable<object?> values) =>
            string.Join("\u001f", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
