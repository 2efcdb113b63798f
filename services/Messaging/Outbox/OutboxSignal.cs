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
        // One pending wake-up is enough: the dispatcher drains everything when it runs.
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
