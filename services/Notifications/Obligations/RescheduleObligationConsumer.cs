using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>Moves an obligation's due instant and every reminder still pending with it.</summary>
public sealed class RescheduleObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<RescheduleObligationConsumer> logger)
    : IdempotentConsumer<ObligationRescheduled, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationRescheduled message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FindAsync([message.ObligationId], ct)
                         ?? throw new ObligationNotYetKnownException(message.ObligationId);
        if (!obligation.Reschedule(message.DueAt, message.RescheduledAt))
        {
            logger.LogInformation("Reschedule of obligation {ObligationId} at {RescheduledAt} is older than its current due date; ignored",
                message.ObligationId, message.RescheduledAt);
            return;
        }
        await book.ReplanAsync(Db, obligation, Clock.GetUtcNow(), ct);
    }
}
