using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>
/// An obligation no longer applies: nothing more is sent about it. A cancellation that arrives before the
/// obligation's opening is kept as a cancelled row, so the opening plans nothing.
/// </summary>
public sealed class CancelObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<CancelObligationConsumer> logger)
    : IdempotentConsumer<ObligationCancelled, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationCancelled message, CancellationToken ct)
    {
        // Serialised with the obligation's opening (same agency), so one of the two inserts the row and the other finds it.
        await ReminderBook.LockAgencyAsync(Db, message.AgencyCode, ct);
        var obligation = await Db.Obligations.FindAsync([message.ObligationId], ct);
        if (obligation is null)
        {
            Db.Obligations.Add(ObligationReplica.CancelledBeforeOpened(message));
            return;
        }
        if (obligation.Cancel(message.CancelledAt))
            await book.CancelPendingAsync(Db, obligation.Id, "Obligation cancelled", Clock.GetUtcNow(), ct);
    }
}
