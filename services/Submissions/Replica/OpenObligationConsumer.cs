using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Replica;

/// <summary>Adds an opened obligation to the replica, so agencies can report on it.</summary>
public sealed class OpenObligationConsumer(SubmissionsDb db, TimeProvider clock, ILogger<OpenObligationConsumer> logger)
    : IdempotentConsumer<ObligationOpened, SubmissionsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationOpened message, CancellationToken ct)
    {
        var existing = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct);
        if (existing is null) Db.Obligations.Add(ObligationReplica.From(message));
        else existing.Refresh(message);
    }
}
