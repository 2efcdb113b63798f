using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

/// <summary>A report arrived: the obligation is fulfilled (a return for a fix reopens it); an older revision arriving late changes nothing.</summary>
public sealed class FulfilObligationConsumer(TargetsDb db, TimeProvider clock, DashboardCache cache,
    ILogger<FulfilObligationConsumer> logger)
    : IdempotentConsumer<SubmissionReceived, TargetsDb>(db, clock, logger)
{
    // The affected dashboard views are evicted only once the change has committed.
    protected override Task AfterCommit(SubmissionReceived message, CancellationToken ct) =>
        DashboardEvictions.AfterReportAsync(cache, Db, message.ObligationId, message.AgencyCode, ct);

    protected override async Task Apply(SubmissionReceived message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct)
                         ?? throw new InvalidOperationException(
                             $"Obligation {message.ObligationId} is not known (yet); the message will be retried.");
        obligation.Receive(message.Revision, message.SubmittedAt);
    }
}
