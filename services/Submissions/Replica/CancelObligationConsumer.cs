using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Replica;

/// <summary>Closes an obligation: nothing more can be reported on it and it no longer counts as due.</summary>
public sealed class CancelObligationConsumer(SubmissionsDb db, TimeProvider clock, ILogger<CancelObligationConsumer> logger)
    : IdempotentConsumer<ObligationCancelled, SubmissionsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationCancelled message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct)
                         ?? throw new ReplicaNotReadyException(
                             $"Obligation {message.ObligationId} is not replicated yet; cancelling waits for it.");
        obligation.Cancel(message.Reason, message.CancelledAt);
    }
}
