using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Replica;

/// <summary>Moves an obligation's due instant; lateness is judged against the instant in force.</summary>
public sealed class RescheduleObligationConsumer(SubmissionsDb db, TimeProvider clock,
    ILogger<RescheduleObligationConsumer> logger)
    : IdempotentConsumer<ObligationRescheduled, SubmissionsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationRescheduled message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct)
                         ?? throw new ReplicaNotReadyException(
                             $"Obligation {message.ObligationId} is not replicated yet; rescheduling waits for it.");
        obligation.Reschedule(message.DueAt, message.RescheduledAt);
    }
}
