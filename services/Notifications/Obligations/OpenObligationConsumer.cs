using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Obligations;

/// <summary>
/// Records new obligations and plans their reminders (none when an obligation's cancellation came first). A plan's
/// approval opens one per agency, indicator and period at once, so they are applied a batch at a time.
/// </summary>
public sealed class OpenObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<OpenObligationConsumer> logger)
    : IdempotentBatchConsumer<ObligationOpened, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(IReadOnlyList<ObligationOpened> messages, CancellationToken ct)
    {
        // Serialised with a cancellation of the same obligation (same agency): see CancelObligationConsumer.
        await ReminderBook.LockAgenciesAsync(Db, messages.Select(m => m.AgencyCode), ct);
        var ids = messages.Select(m => m.ObligationId).Distinct().ToList();
        var known = await Db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var opened = new List<ObligationReplica>();
        foreach (var message in messages)
        {
            if (known.TryGetValue(message.ObligationId, out var existing))
            {
                // Cancelled before its opening arrived: now it can be shown for what it was, with no reminder.
                if (existing.Status == ObligationStatus.Cancelled) existing.Describe(message);
                continue;
            }
            var obligation = ObligationReplica.Open(message);
            Db.Obligations.Add(known[obligation.Id] = obligation);
            opened.Add(obligation);
        }
        await book.ReplanAsync(Db, opened, Clock.GetUtcNow(), ct);
    }
}
