using System.Runtime.CompilerServices;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// The correlation id an entity's change belongs to, when one save holds changes of several requests (a batch
/// consumer applies many messages in one transaction): the audit entry of that entity carries this id instead of
/// the one current for the whole save. Held only as long as the entity object lives.
/// </summary>
public static class AuditCorrelation
{
    static readonly ConditionalWeakTable<object, string> ByEntity = new();

    public static void Attribute(object entity, string? correlationId)
    {
        if (string.IsNullOrEmpty(correlationId)) ByEntity.Remove(entity);
        else ByEntity.AddOrUpdate(entity, correlationId);
    }

    internal static string? Of(object entity) => ByEntity.TryGetValue(entity, out var id) ? id : null;
}
