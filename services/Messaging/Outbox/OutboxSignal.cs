namespace DxTrack.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher as soon as a transaction with outbox rows commits, so events leave
/// within milliseconds instead of waiting for the next poll. Polling remains the safety net
/// for rows written by another instance or left by a crash.
/// </summary>
public sealed class OutboxSignal
{
    readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // One pending wake-up is enough: the dispatcher drains everything when it runs. Every commit
        // notifies, so the common case (a wake-up already pending) must not cost a thrown exception.
        if (_semaphore.CurrentCount > 0) return;
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { } // another commit released it between the check and here
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
