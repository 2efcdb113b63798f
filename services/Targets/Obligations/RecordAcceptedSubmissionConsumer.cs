using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Obligations;

/// <summary>
/// An accepted report is what counts: the obligation is fulfilled, an indicator value joins the province figure
/// (replacing an earlier accepted revision of the same agency and period), task progress sets the task's status.
/// </summary>
public sealed class RecordAcceptedSubmissionConsumer(TargetsDb db, TimeProvider clock, DashboardCache cache,
    ILogger<RecordAcceptedSubmissionConsumer> logger)
    : IdempotentConsumer<SubmissionAccepted, TargetsDb>(db, clock, logger)
{
    // The affected dashboard views are evicted only once the change has committed.
    protected override Task AfterCommit(SubmissionAccepted message, CancellationToken ct) =>
        DashboardEvictions.AfterReportAsync(cache, Db, message.ObligationId, message.AgencyCode, ct);

    protected override async Task Apply(SubmissionAccepted message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FirstOrDefaultAsync(o => o.Id == message.ObligationId, ct)
                         ?? throw new InvalidOperationException(
                             $"Obligation {message.ObligationId} is not known (yet); the message will be retried.");
        obligation.Accept(message.Revision, message.AcceptedAt);

        switch (message.Subject)
        {
            case ObligationSubject.Indicator when message.Value is { } value:
                await RecordValueAsync(message, obligation, value, ct);
                break;
            case ObligationSubject.Task when message.Progress is { } progress:
                var task = await Db.Tasks.FirstOrDefaultAsync(t => t.Id == obligation.SubjectId, ct);
                task?.RecordProgress(progress, message.AcceptedAt);
                break;
        }
    }

    async Task RecordValueAsync(SubmissionAccepted message, Obligation obligation, IndicatorValue value, CancellationToken ct)
    {
        var existing = await Db.AcceptedValues.FirstOrDefaultAsync(v => v.IndicatorId == obligation.SubjectId
            && v.Period == obligation.Period && v.AgencyCode == obligation.AgencyCode, ct);
        if (existing is null)
        {
            existing = new AcceptedValue
            {
                Id = Guid.CreateVersion7(Clock.GetUtcNow()),
                IndicatorId = obligation.SubjectId,
                AgencyCode = obligation.AgencyCode,
                Period = obligation.Period,
            };
            Db.AcceptedValues.Add(existing);
        }
        else if (existing.Revision > message.Revision)
        {
            return; // an older revision accepted late must not replace the newer one
        }
        existing.SubmissionId = message.SubmissionId;
        existing.Revision = message.Revision;
        existing.Numerator = value.Numerator;
        existing.Denominator = value.Denominator;
        existing.Percent = value.Percent;
        existing.Count = value.Count;
        existing.Done = value.Done;
        existing.AcceptedAt = message.AcceptedAt;
    }
}
