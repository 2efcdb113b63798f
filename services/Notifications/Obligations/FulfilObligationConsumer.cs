using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Obligations;

/// <summary>
/// Reports arrived: their obligations are fulfilled and their pending reminders cancelled, a batch at a time (a
/// deadline brings reports in a rush).
/// </summary>
public sealed class FulfilObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<FulfilObligationConsumer> logger)
    : IdempotentBatchConsumer<SubmissionReceived, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(IReadOnlyList<SubmissionReceived> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.ObligationId).Distinct().ToList();
        var obligations = await Db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var fulfilled = new List<Guid>();
        foreach (var message in messages)
        {
            var obligation = obligations.GetValueOrDefault(message.ObligationId)
                             ?? throw new ObligationNotYetKnownException(message.ObligationId);
            if (obligation.Fulfil(message.Revision, message.SubmittedAt)) fulfilled.Add(obligation.Id);
        }
        await book.CancelPendingAsync(Db, fulfilled, "Report received", Clock.GetUtcNow(), ct);
    }
}
