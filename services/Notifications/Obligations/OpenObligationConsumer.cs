using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>Records a new obligation and plans its reminders.</summary>
public sealed class OpenObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<OpenObligationConsumer> logger)
    : IdempotentConsumer<ObligationOpened, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(ObligationOpened message, CancellationToken ct)
    {
        if (await Db.Obligations.FindAsync([message.ObligationId], ct) is not null) return;
        var obligation = ObligationReplica.Open(message);
        Db.Obligations.Add(obligation);
        await book.ReplanAsync(Db, obligation, Clock.GetUtcNow(), ct);
    }
}
