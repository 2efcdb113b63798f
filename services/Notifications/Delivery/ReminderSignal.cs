using DxTrack.Messaging;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Delivery;

/// <summary>Wakes the scheduler as soon as a reminder that is already due is committed (planned or moved).</summary>
public sealed class ReminderSignal : WakeSignal;

/// <summary>
/// Notifies <see cref="ReminderSignal"/> after a commit that left a reminder pending and due: an obligation opened a
/// day before its deadline, a returned report's notice, a reminder moved to now. Without it such a reminder waited
/// for the scheduler's next tick (<see cref="SchedulerOptions.Interval"/>).
/// </summary>
sealed class DueReminderWatch(ReminderSignal signal, TimeProvider time) : ICommitWatch
{
    public bool Concerns(DbContext context)
    {
        var now = time.GetUtcNow();
        return context.ChangeTracker.Entries<Reminder>().Any(e => e.State is EntityState.Added or EntityState.Modified
                                                                  && e.Entity.Status == ReminderStatus.Pending
                                                                  && e.Entity.NextAttemptAt <= now);
    }

    public void Committed() => signal.Notify();
}
