using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging.Outbox;

/// <summary>Wakes the outbox dispatcher as soon as a transaction with outbox rows commits.</summary>
public sealed class OutboxSignal : WakeSignal;

/// <summary>Notifies <see cref="OutboxSignal"/> after a save or commit that wrote outbox rows.</summary>
sealed class OutboxCommitWatch(OutboxSignal signal) : ICommitWatch
{
    public bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);

    public void Committed() => signal.Notify();
}
