using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DxTrack.Messaging;

public static class UnitOfWork
{
    /// <summary>
    /// Begins a transaction that commits whole or not at all. Every transaction in DxTrack is such a unit: a
    /// failed save rolls the whole of it back. So EF Core is told not to wrap each <c>SaveChanges</c> inside it
    /// in a savepoint, which exists to carry on after a failed save and costs two more round trips per save.
    /// </summary>
    public static Task<IDbContextTransaction> BeginUnitAsync(this DatabaseFacade database, CancellationToken ct)
    {
        // Pooled contexts reset this when they are returned, so it is set on every unit.
        database.AutoSavepointsEnabled = false;
        return database.BeginTransactionAsync(ct);
    }

    /// <inheritdoc cref="BeginUnitAsync(DatabaseFacade, CancellationToken)"/>
    public static Task<IDbContextTransaction> BeginUnitAsync(this DatabaseFacade database, IsolationLevel isolation,
        CancellationToken ct)
    {
        database.AutoSavepointsEnabled = false;
        return database.BeginTransactionAsync(isolation, ct);
    }
}
