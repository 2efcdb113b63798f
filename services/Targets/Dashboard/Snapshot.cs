using System.Data;
using DxTrack.Messaging;
using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// A view is read in one repeatable-read transaction: its several queries see one committed state, so a report
/// committing meanwhile never shows up as a value whose obligation still looks open.
/// </summary>
public static class Snapshot
{
    public static Task<T> ReadAsync<T>(TargetsDb db, Func<CancellationToken, Task<T>> read, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginUnitAsync(IsolationLevel.RepeatableRead, ct);
            var view = await read(ct);
            await tx.CommitAsync(ct);
            return view;
        });
}
