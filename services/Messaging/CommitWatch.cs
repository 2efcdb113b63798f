using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTrack.Messaging;

/// <summary>
/// Something that waits for a kind of change to be committed: the outbox dispatcher for outbox rows, a
/// scheduler for work that fell due. Register it as a singleton <see cref="ICommitWatch"/>; every context
/// added with <c>AddDxDatabase</c> reports to it.
/// </summary>
public interface ICommitWatch
{
    /// <summary>Whether the context's pending changes (seen just before they are saved) are ones this watch waits for.</summary>
    bool Concerns(DbContext context);

    /// <summary>Called once those changes are committed (never for a rolled-back transaction).</summary>
    void Committed();
}

/// <summary>Tells each <see cref="ICommitWatch"/> when changes it waits for are committed.</summary>
/// <remarks>
/// Shared by every context instance (pooled options), so what it remembers is keyed by context. Inside an explicit
/// transaction the rows are not visible to others until the commit, so the watches hear of them then.
/// </remarks>
sealed class CommitWatchInterceptor(IEnumerable<ICommitWatch> watches) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    readonly ICommitWatch[] _watches = watches.ToArray();
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<ICommitWatch>> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    void Remember(DbContext? context)
    {
        if (context is null) return;
        foreach (var watch in _watches)
            if (watch.Concerns(context))
                lock (_pending) _pending.GetOrCreateValue(context).Add(watch);
    }

    void NotifyIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Flush(context);
    }

    void Flush(DbContext? context)
    {
        if (context is null) return;
        HashSet<ICommitWatch>? committed;
        lock (_pending)
            if (!_pending.TryGetValue(context, out committed) || !_pending.Remove(context)) return;
        foreach (var watch in committed) watch.Committed();
    }
}
