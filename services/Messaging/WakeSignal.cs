namespace DxTrack.Messaging;

/// <summary>
/// Wakes a background loop (the outbox dispatcher, a scheduler) as soon as there is work for it, so the
/// work starts within milliseconds instead of at the next poll. Polling stays the safety net for work
/// written by another instance or left by a crash. Any number of notifications before the loop runs
/// count as one: the loop drains everything when it runs.
/// </summary>
public abstract class WakeSignal
{
    readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // Every commit may notify, so the common case (a wake-up already pending) must not cost a thrown exception.
        if (_semaphore.CurrentCount > 0) return;
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { } // another commit released it between the check and here
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    /// <summary>Like <see cref="WaitAsync(TimeSpan, CancellationToken)"/>, with the timeout on <paramref name="time"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var elapsed = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, elapsed.Token);
        try
        {
            await _semaphore.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
