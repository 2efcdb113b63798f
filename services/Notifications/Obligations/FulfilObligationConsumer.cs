using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>A report arrived: the obligation is fulfilled and its pending reminders are cancelled.</summary>
public sealed class FulfilObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<FulfilObligationConsumer> logger)
    : IdempotentConsumer<SubmissionReceived, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(SubmissionReceived message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FindAsync([message.ObligationId], ct)
                         ?? throw new ObligationNotYetKnownException(message.ObligationId);
        if (obligation.Fulfil(message.Revision, message.SubmittedAt))
            await book.CancelPendingAsync(Db, obligation.Id, "Report received", Clock.GetUtcNow(), ct);
    }
}
