using DxTrack.Contracts;
using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Inbox;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

/// <summary>
/// Reports arrived: their obligations are fulfilled (a return for a fix reopens one); an older revision arriving late
/// changes nothing. Applied a batch at a time, so a deadline's rush of reports costs one transaction and one
/// eviction of the dashboard views per batch, not per report.
/// </summary>
public sealed class FulfilObligationConsumer(TargetsDb db, TimeProvider clock, DashboardCache cache,
    ILogger<FulfilObligationConsumer> logger)
    : IdempotentBatchConsumer<SubmissionReceived, TargetsDb>(db, clock, logger)
{
    // The affected dashboard views are evicted only once the change has committed.
    protected override Task AfterCommit(IReadOnlyList<SubmissionReceived> messages, CancellationToken ct) =>
        DashboardEvictions.AfterReportsAsync(cache, Db, messages.Select(m => (m.ObligationId, m.AgencyCode)).ToList(), ct);

    protected override async Task Apply(IReadOnlyList<SubmissionReceived> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.ObligationId).Distinct().ToList();
        var obligations = await Db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var message in messages)
        {
            var obligation = obligations.GetValueOrDefault(message.ObligationId)
                             ?? throw new InvalidOperationException(
                                 $"Obligation {message.ObligationId} is not known (yet); the message will be retried.");
            obligation.Receive(message.Revision, message.SubmittedAt);
            // Its audit entry names the report's own request, not the batch's.
            AuditCorrelation.Attribute(obligation, CorrelationOf(message));
        }
    }
}
