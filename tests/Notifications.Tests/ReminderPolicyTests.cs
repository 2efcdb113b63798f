using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using static DxTrack.Notifications.Tests.Support.Policy;

namespace DxTrack.Notifications.Tests;

public sealed class ReminderPolicyTests
{
    // Due on Friday 19 March 2027 (end of day in Hanoi).
    static readonly DateTimeOffset Due = Hanoi(2027, 3, 19, 23, 59);
    static readonly ContactAddress[] Contacts = [Staff, Head];

    [Fact]
    public void Reminders_go_7_3_and_1_days_before_on_the_due_day_and_1_3_7_days_after_at_eight_in_Hanoi()
    {
        var planned = Planner().Plan(Due, Contacts, Hanoi(2027, 3, 1, 9));

        var email = planned.Where(p => p.Channel == ReminderChannel.Email && p.Recipient.Address == Staff.Email)
            .Select(p => (p.Step.Code, p.SendAt)).ToList();
        Assert.Equal(
        [
            ("before-7d", Hanoi(2027, 3, 12, 8)), ("before-3d", Hanoi(2027, 3, 16, 8)), ("before-1d", Hanoi(2027, 3, 18, 8)),
            ("due-day", Hanoi(2027, 3, 19, 8)), ("overdue-1d", Hanoi(2027, 3, 20, 8)), ("overdue-3d", Hanoi(2027, 3, 22, 8)),
            ("overdue-7d", Hanoi(2027, 3, 26, 8)),
        ], email);
    }

    [Fact]
    public void Ordinary_steps_go_to_the_working_contacts_not_the_head()
    {
        var planned = Planner().Plan(Due, Contacts, Hanoi(2027, 3, 1, 9));

        Assert.All(planned.Where(p => p.Step.Code is "before-7d" or "due-day" or "overdue-1d"),
            p => Assert.DoesNotContain(p.Recipient.Address, new[] { Head.Email, Head.Phone }));
    }

    [Fact]
    public void From_the_second_overdue_step_the_head_and_the_secretariat_are_added()
    {
        var planned = Planner().Plan(Due, Contacts, Hanoi(2027, 3, 1, 9));

        var overdue3 = planned.Where(p => p.Step.Code == "overdue-3d" && p.Channel == ReminderChannel.Email).ToList();
        Assert.Equal([Staff.Email, Head.Email, NotificationsHost.SecretariatEmail], overdue3.Select(p => p.Recipient.Address));
        Assert.All(overdue3, p => Assert.True(p.Recipient.Escalation));
        Assert.DoesNotContain(planned, p => p.Step.Code == "overdue-1d" && p.Recipient.Escalation);
    }

    [Fact]
    public void Sms_goes_for_the_last_before_due_step_and_every_overdue_step_only()
    {
        var planned = Planner().Plan(Due, Contacts, Hanoi(2027, 3, 1, 9));

        var smsSteps = planned.Where(p => p.Channel == ReminderChannel.Sms).Select(p => p.Step.Code).Distinct();
        Assert.Equal(["before-1d", "overdue-1d", "overdue-3d", "overdue-7d"], smsSteps);
    }

    [Fact]
    public void A_contact_who_opted_out_of_sms_gets_email_only()
    {
        var planned = Planner().Plan(Due, [Staff with { SmsOptOut = true }], Hanoi(2027, 3, 1, 9));

        Assert.DoesNotContain(planned, p => p.Channel == ReminderChannel.Sms);
        Assert.Contains(planned, p => p.Channel == ReminderChannel.Email);
    }

    [Fact]
    public void An_obligation_due_tomorrow_created_after_the_send_hour_gets_its_one_day_reminder_at_once()
    {
        var now = Hanoi(2027, 3, 18, 10, 30); // Thursday, due Friday

        var steps = Planner().StepInstants(Due, now);

        Assert.Equal(("before-1d", now), (steps[0].Step.Code, steps[0].At));
        Assert.DoesNotContain(steps, s => s.Step.Code is "before-7d" or "before-3d");
        Assert.Contains(steps, s => s.Step.Code == "due-day" && s.At == Hanoi(2027, 3, 19, 8));
    }

    [Fact]
    public void A_passed_step_is_not_sent_when_the_next_one_comes_later_the_same_day()
    {
        var now = Hanoi(2027, 3, 18, 7); // Thursday 07:00: "1 day before" goes at 08:00 today

        var steps = Planner().StepInstants(Due, now);

        Assert.Equal(("before-1d", Hanoi(2027, 3, 18, 8)), (steps[0].Step.Code, steps[0].At));
    }

    [Fact]
    public void An_obligation_due_today_gets_its_due_day_reminder_at_once()
    {
        var now = Hanoi(2027, 3, 19, 14);

        var steps = Planner().StepInstants(Due, now);

        Assert.Equal(("due-day", now), (steps[0].Step.Code, steps[0].At));
        Assert.DoesNotContain(steps, s => s.Step.Kind == StepKind.BeforeDue);
    }

    [Fact]
    public void An_obligation_opened_after_its_deadline_gets_only_the_latest_overdue_step_now()
    {
        var now = Hanoi(2027, 3, 23, 9); // after overdue-1d and overdue-3d

        var steps = Planner().StepInstants(Due, now);

        Assert.Equal([("overdue-3d", now), ("overdue-7d", Hanoi(2027, 3, 26, 8))], steps.Select(s => (s.Step.Code, s.At)));
    }

    [Fact]
    public void Deadlines_at_midnight_count_for_the_day_that_ends()
    {
        var midnight = Hanoi(2027, 3, 20, 0);

        Assert.Equal(new DateOnly(2027, 3, 19), Clock().DueDay(midnight));
    }

    [Fact]
    public void An_invalid_policy_is_refused()
    {
        var options = new ReminderPolicyOptions { BeforeDueDays = [7, 7], TimeZone = "Mars/Olympus", SmsSteps = ["weekly"] };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains("TimeZone"));
        Assert.Contains(errors, e => e.MemberNames.Contains("SmsSteps"));
        Assert.Contains(errors, e => e.MemberNames.Contains("BeforeDueDays"));
    }
}
