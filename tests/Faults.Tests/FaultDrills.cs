using DxTrack.TestSupport;

namespace DxTrack.Faults.Tests;

/// <summary>
/// Break things on purpose under load, then count: every accepted report reaches Targets and
/// Notifications exactly once, every reminder goes once, and no client ever sees a 500. Each drill
/// ends with its counts in <see cref="DrillReport"/> and fails if anything was lost, duplicated or
/// answered with a 5xx it should not have been.
/// </summary>
[Trait("Category", "Faults")]
[TestCaseOrderer(typeof(DrillOrderer))]
public sealed partial class FaultDrills(FaultSystem system) : IClassFixture<FaultSystem>, IAsyncLifetime
{
    public ValueTask InitializeAsync()
    {
        DrillReport.Begin(TestContext.Current.TestMethod?.MethodName ?? "a drill");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    const string SubmissionReceived = "DxTrack.Contracts.SubmissionReceived";

    static string NewAgency(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    static DateOnly LocalToday => DateOnly.FromDateTime(FaultSystem.LocalNow);

    /// <summary>The SubmissionReceived events Submissions wrote for these obligations: (message id, dispatched).</summary>
    async Task<List<Guid>> SubmissionEventsAsync(IReadOnlyCollection<Guid> obligationIds) =>
        await system.ListAsync<Guid>("submissionsdb",
            "SELECT message_id FROM outbox_messages WHERE message_type LIKE $1 AND (body->>'obligationId')::uuid = ANY($2)",
            SubmissionReceived + ",%", obligationIds.ToArray());

    Task<long> FulfilledInTargetsAsync(IReadOnlyCollection<Guid> ids) =>
        system.CountAsync("targetsdb", "SELECT count(*) FROM obligations WHERE status = 'Fulfilled' AND id = ANY($1)", ids.ToArray());

    Task<long> FulfilledInNotificationsAsync(IReadOnlyCollection<Guid> ids) =>
        system.CountAsync("notificationsdb", "SELECT count(*) FROM obligations WHERE status = 'Fulfilled' AND id = ANY($1)", ids.ToArray());

    /// <summary>Inbox records of a consumer for these message ids (at most one each, by the inbox's key).</summary>
    Task<long> AppliedAsync(string database, string consumer, IReadOnlyCollection<Guid> messageIds) =>
        system.CountAsync(database, "SELECT count(*) FROM inbox_messages WHERE consumer = $1 AND message_id = ANY($2)",
            consumer, messageIds.ToArray());

    Task<long> StoredSubmissionsAsync(IReadOnlyCollection<Guid> obligationIds) =>
        system.CountAsync("submissionsdb", "SELECT count(*) FROM submissions WHERE \"ObligationId\" = ANY($1)", obligationIds.ToArray());

    /// <summary>Messages parked in any error queue.</summary>
    async Task<long> ErrorQueueMessagesAsync() =>
        (await system.Rabbit.QueuesAsync()).Where(q => q.Name.EndsWith("_error")).Sum(q => q.Messages);

    Task WaitUntilAppliedAsync(IReadOnlyCollection<Guid> obligationIds, TimeSpan? timeout = null) =>
        Eventually.Until(async () =>
                await FulfilledInTargetsAsync(obligationIds) == obligationIds.Count &&
                await FulfilledInNotificationsAsync(obligationIds) == obligationIds.Count,
            timeout ?? TimeSpan.FromSeconds(120),
            $"{obligationIds.Count} reports to reach Targets and Notifications");
}
