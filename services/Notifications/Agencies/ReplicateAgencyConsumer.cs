using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Agencies;

/// <summary>Keeps the agency and contact replica current and re-addresses the agency's pending reminders.</summary>
public sealed class ReplicateAgencyConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<ReplicateAgencyConsumer> logger)
    : IdempotentConsumer<AgencyChanged, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(AgencyChanged message, CancellationToken ct)
    {
        var agency = await Db.Agencies.Include(a => a.Contacts)
            .SingleOrDefaultAsync(a => a.Code == message.AgencyCode, ct);
        if (agency is null)
        {
            Db.Agencies.Add(AgencyReplica.From(message));
        }
        else if (!agency.Apply(message))
        {
            logger.LogInformation("Stale AgencyChanged {Version} for {AgencyCode} ignored", message.Version, message.AgencyCode);
            return;
        }
        await book.ReplanAgencyAsync(Db, message.AgencyCode, Clock.GetUtcNow(), ct);
    }
}
