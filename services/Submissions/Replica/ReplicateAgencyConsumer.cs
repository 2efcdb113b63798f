using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions.Replica;

/// <summary>Keeps the agency replica (notably the active flag) current.</summary>
public sealed class ReplicateAgencyConsumer(SubmissionsDb db, TimeProvider clock, ILogger<ReplicateAgencyConsumer> logger)
    : IdempotentConsumer<AgencyChanged, SubmissionsDb>(db, clock, logger)
{
    protected override async Task Apply(AgencyChanged message, CancellationToken ct)
    {
        var agency = await Db.Agencies.FirstOrDefaultAsync(a => a.Code == message.AgencyCode, ct);
        if (agency is null) Db.Agencies.Add(AgencyReplica.From(message));
        else agency.Apply(message);
    }
}
