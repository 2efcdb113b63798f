using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>Records a new obligation and plans its reminders (none when its cancellation came first).</summary>
public sealed class OpenObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<OpenObligationConsumer> logger)
    : IdempotentConsumer<ObligationOpened, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationOpened message, CancellationToken ct)
    {
        // Serialised with a cancellation of the same obligation (same agency): see CancelObligationConsumer.
        await ReminderBook.LockAgencyAsync(Db, message.AgencyCode, ct);
        var known = await Db.Obligations.FindAsync([message.ObligationId], ct);
        if (known is not null)
        {
            // Cancelled before its opening arrived: now it can be shown for what it was, with no reminder.
            if (known.Status == ObligationStatus.Cancelled) known.Describe(message);
            return;
        }
        var obligation = ObligationReplica.Open(message);
        Db.Obligations.Add(obligation);
        await book.ReplanAsync(Db, obligation, Clock.GetUtcNow(), ct);
    }
}
