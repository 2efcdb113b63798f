namespace DxTrack.Faults.Tests;

/// <summary>
/// Requests sent one after another, about twenty a second, while a drill breaks something: each answer
/// is counted, and a 5xx (or no answer at all) is remembered for the failure message.
/// </summary>
public sealed class SteadyLoad
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    int _sent, _fiveXx;

    public SteadyLoad(HttpClient client, Func<HttpRequestMessage> request)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var reply = await Reply.SendAsync(client, request());
                Interlocked.Increment(ref _sent);
                if (reply.Code is >= 500 or 0)
                {
                    Interlocked.Increment(ref _fiveXx);
                    FirstFailure ??= reply;
                }
                try { await Task.Delay(50, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
    }

    public int Sent => _sent;
    public int FiveXx => _fiveXx;
    public Reply? FirstFailure { get; private set; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}
