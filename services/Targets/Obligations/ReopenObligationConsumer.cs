using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

/// <summary>
/// The secretariat returned a report for a fix: the agency owes it again — unless the agency already sent a newer
/// revision, or an earlier revision was accepted (a returned correction leaves the accepted figure standing).
/// </summary>
public sealed class ReopenObligationConsumer(TargetsDb db, TimeProvider clock, DashboardCache cache,
    ILogger<ReopenObligationConsumer> logger)
    : IdempotentConsumer<SubmissionReturned, TargetsDb>(db, clock, logger)
{
    // The affected dashboard views are evicted only once the change has committed.
    protected override Task AfterCommit(SubmissionReturned message, CancellationToken ct) =>
        DashboardEvictions.AfterReportAsync(cache, Db, message.ObligationId, message.AgencyCode, ct);

    protected override async Task Apply(SubmissionReturned message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct)
                         ?? throw new InvalidOperationException(
                             $"Obligation {message.ObligationId} is not known (yet); the message will be retried.");
        obligation.Return(message.Revision);
    }
}
