using DxTrack.Notifications.Reminders;
using static DxTrack.Notifications.Tests.Support.Policy;

namespace DxTrack.Notifications.Tests;

public sealed class QuietHoursTests
{
    [Fact]
    public void An_sms_due_at_night_waits_until_seven_the_next_morning()
    {
        Assert.Equal(Hanoi(2027, 3, 17, 7), Clock().NextSmsInstant(Hanoi(2027, 3, 16, 22, 15)));
    }

    [Fact]
    public void An_sms_due_before_seven_waits_until_seven_the_same_morning()
    {
        Assert.Equal(Hanoi(2027, 3, 16, 7), Clock().NextSmsInstant(Hanoi(2027, 3, 16, 5, 30)));
    }

    [Fact]
    public void An_sms_due_on_a_weekend_waits_until_monday_seven()
    {
        Assert.Equal(Hanoi(2027, 3, 22, 7), Clock().NextSmsInstant(Hanoi(2027, 3, 20, 8)));
    }

    [Fact]
    public void An_sms_due_on_a_public_holiday_waits_for_the_next_working_day()
    {
        // Friday 30 April and Saturday 1 May are holidays, then Sunday.
        Assert.Equal(Hanoi(2027, 5, 3, 7), Clock().NextSmsInstant(Hanoi(2027, 4, 30, 8)));
    }

    [Fact]
    public void An_sms_due_in_working_hours_goes_at_once()
    {
        var at = Hanoi(2027, 3, 16, 8);
        Assert.Equal(at, Clock().NextSmsInstant(at));
        Assert.True(Clock().SmsAllowedAt(at));
    }

    [Fact]
    public void E_mail_ignores_quiet_hours()
    {
        var night = Hanoi(2027, 3, 20, 23);
        Assert.Equal(night, Clock().Deliverable(ReminderChannel.Email, night));
    }

    [Fact]
    public void A_planned_sms_for_a_saturday_step_is_moved_to_monday()
    {
        // Due Friday 19 March: overdue-1d falls on Saturday 20 March.
        var planned = Planner().Plan(Hanoi(2027, 3, 19, 23, 59), [Staff], Hanoi(2027, 3, 1, 9));

        var sms = planned.Single(p => p.Step.Code == "overdue-1d" && p.Channel == ReminderChannel.Sms);
        var email = planned.Single(p => p.Step.Code == "overdue-1d" && p.Channel == ReminderChannel.Email);
        Assert.Equal(Hanoi(2027, 3, 22, 7), sms.SendAt);
        Assert.Equal(Hanoi(2027, 3, 20, 8), email.SendAt);
    }

    [Fact]
    public void Failed_attempts_back_off_exponentially_up_to_the_limit()
    {
        var clock = Clock(new ReminderPolicyOptions { RetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(5) });

        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(n => clock.RetryDelay(n).TotalMinutes));
    }
}
