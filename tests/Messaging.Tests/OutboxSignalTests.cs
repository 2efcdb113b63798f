using DxTrack.Messaging.Outbox;

namespace DxTrack.Messaging.Tests;

/// <summary>Every committed change notifies the dispatcher; most notifications find a wake-up already pending.</summary>
public sealed class OutboxSignalTests
{
    [Fact]
    public async Task Many_notifications_leave_one_pending_wake_up_without_throwing()
    {
        var signal = new OutboxSignal();
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? _, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is SemaphoreFullException && Environment.CurrentManagedThreadId == thread) thrown++;
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 100; i++) signal.Notify();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
    }
}
