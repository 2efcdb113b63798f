namespace DxTrack.Notifications.Reminders;

/// <summary>
/// Local-calendar arithmetic of the policy: due days, send instants, SMS quiet hours, retry back-off.
/// Everything is computed in the policy's time zone (Asia/Ho_Chi_Minh) and returned as instants.
/// </summary>
public sealed class ReminderClock(ReminderPolicyOptions policy)
{
    readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(policy.TimeZone);
    readonly HashSet<DateOnly> _holidays = [.. policy.Holidays];

    public ReminderPolicyOptions Policy => policy;

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>
    /// The local day a deadline falls on. Deadlines are "end of day": 23:59:59 of the day or 00:00 of the
    /// next one both mean that day, so a tick is taken off before reading the date.
    /// </summary>
    public DateOnly DueDay(DateTimeOffset deadline) => DateOnly.FromDateTime(ToLocal(deadline).AddTicks(-1).DateTime);

    /// <summary>The instant of a local date and time.</summary>
    public DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    /// <summary>When a policy step's reminders are due for a deadline.</summary>
    public DateTimeOffset SendInstant(ReminderStep step, DateTimeOffset deadline)
    {
        var due = DueDay(deadline);
        var day = step.Kind switch
        {
            StepKind.BeforeDue => due.AddDays(-step.Days),
            StepKind.Overdue => due.AddDays(step.Days),
            _ => due,
        };
        return At(day, policy.SendTime);
    }

    /// <summary>Whether an SMS may be sent at this instant (not at night, on a weekend or a holiday).</summary>
    public bool SmsAllowedAt(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (!AllowedDay(day)) return false;
        return !InQuietTime(TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>The first instant at or after <paramref name="instant"/> when an SMS may be sent.</summary>
    public DateTimeOffset NextSmsInstant(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (AllowedDay(day) && !InQuietTime(time)) return instant;

        // Still before the end of today's quiet period on an allowed day: that end is the next allowed hour.
        if (AllowedDay(day) && time < policy.SmsQuietUntil) return At(day, policy.SmsQuietUntil);

        var next = day.AddDays(1);
        for (var i = 0; i < 366 && !AllowedDay(next); i++) next = next.AddDays(1);
        // An overnight quiet period covers the early morning of every day, so the day opens when it ends.
        var opening = policy.SmsQuietFrom > policy.SmsQuietUntil ? policy.SmsQuietUntil : TimeOnly.MinValue;
        return At(next, opening);
    }

    /// <summary>The instant for a planned send on a channel: SMS waits for the next allowed hour.</summary>
    public DateTimeOffset Deliverable(ReminderChannel channel, DateTimeOffset instant) =>
        channel == ReminderChannel.Sms ? NextSmsInstant(instant) : instant;

    /// <summary>Exponential back-off after the given number of failed attempts.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Max(0, failedAttempts - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(policy.RetryDelay.Ticks * factor, policy.MaxRetryDelay.Ticks));
        return delay;
    }

    bool AllowedDay(DateOnly day) =>
        !_holidays.Contains(day)
        && !(policy.SmsQuietOnWeekends && day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);

    bool InQuietTime(TimeOnly time)
    {
        var from = policy.SmsQuietFrom;
        var until = policy.SmsQuietUntil;
        if (from == until) return false;
        return from > until ? time >= from || time < until : time >= from && time < until;
    }
}
