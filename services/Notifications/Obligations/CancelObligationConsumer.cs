using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>An obligation no longer applies: nothing more is sent about it.</summary>
public sealed class CancelObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<CancelObligationConsumer> logger)
    : IdempotentConsumer<ObligationCancelled, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationCancelled message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FindAsync([message.ObligationId], ct)
                         ?? throw new ObligationNotYetKnownException(message.ObligationId);
        if (obligation.Cancel(message.CancelledAt))
            await book.CancelPendingAsync(Db, obligation.Id, "Obligation cancelled", Clock.GetUtcNow(), ct);
    }
}
