using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Replica;

/// <summary>
/// Adds opened obligations to the replica, so agencies can report on them. A plan's approval opens one per agency,
/// indicator and period at once, so they are applied a batch at a time.
/// </summary>
public sealed class OpenObligationConsumer(SubmissionsDb db, TimeProvider clock, ILogger<OpenObligationConsumer> logger)
    : IdempotentBatchConsumer<ObligationOpened, SubmissionsDb>(db, clock, logger)
{
    protected override async Task Apply(IReadOnlyList<ObligationOpened> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.ObligationId).Distinct().ToList();
        var known = await Db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var message in messages)
        {
            if (known.TryGetValue(message.ObligationId, out var existing)) existing.Refresh(message);
            else Db.Obligations.Add(known[message.ObligationId] = ObligationReplica.From(message));
        }
    }
}
