namespace DxTrack.Notifications.Reminders;

/// <summary>
/// The reminder policy as a pure function: from a deadline, the agency's contacts and the current
/// instant, which reminders should exist and when each is sent.
/// </summary>
/// <remarks>
/// Steps whose instant has already passed when an obligation is planned (it was created, moved or
/// reopened late) are not all sent at once: only the latest passed step of each phase is kept, and it is
/// sent immediately — so an obligation due tomorrow that is created at 10:00 gets its "1 day before"
/// reminder now, and one due today gets its due-day reminder now — unless the next step comes later the
/// same day (created at 07:00, the 08:00 reminder is enough). Before-due and due-day steps are never
/// planned once the deadline itself has passed; the overdue steps take over.
/// </remarks>
public sealed class ReminderPlanner(ReminderClock clock, string? secretariatEmail)
{
    ReminderPolicyOptions Policy => clock.Policy;

    /// <summary>The policy's steps in order, before-due (farthest first), due day, overdue.</summary>
    public IReadOnlyList<ReminderStep> Steps()
    {
        var steps = new List<ReminderStep>();
        steps.AddRange(Policy.BeforeDueDays.OrderDescending().Select(ReminderStep.Before));
        if (Policy.OnDueDay) steps.Add(ReminderStep.DueDay);
        steps.AddRange(Policy.OverdueDays.Order().Select(ReminderStep.Overdue));
        return steps;
    }

    /// <summary>Whether a step also goes by SMS.</summary>
    public bool SendsSms(ReminderStep step)
    {
        if (Policy.SmsSteps.Count > 0) return Policy.SmsSteps.Contains(step.Code, StringComparer.OrdinalIgnoreCase);
        if (step.Kind == StepKind.Overdue) return true;
        return step.Kind == StepKind.BeforeDue && Policy.BeforeDueDays.Count > 0 && step.Days == Policy.BeforeDueDays.Min();
    }

    /// <summary>Whether a step involves the agency head and the secretariat.</summary>
    public bool Escalates(ReminderStep step)
    {
        if (step.Kind != StepKind.Overdue) return false;
        var index = Policy.OverdueDays.Order().ToList().IndexOf(step.Days) + 1;
        return index >= Policy.EscalateFromOverdueStep;
    }

    public IReadOnlyList<PlannedReminder> Plan(DateTimeOffset deadline, IReadOnlyList<ContactAddress> contacts, DateTimeOffset now)
    {
        var planned = new List<PlannedReminder>();
        foreach (var (step, at) in StepInstants(deadline, now))
        {
            foreach (var recipient in Recipients(step, contacts, ReminderChannel.Email))
                planned.Add(new PlannedReminder(step, ReminderChannel.Email, recipient, at));
            if (!SendsSms(step)) continue;
            foreach (var recipient in Recipients(step, contacts, ReminderChannel.Sms))
                planned.Add(new PlannedReminder(step, ReminderChannel.Sms, recipient, clock.NextSmsInstant(at)));
        }
        return planned;
    }

    /// <summary>The steps still worth sending and when: future ones at their instant, the latest passed one of each phase now.</summary>
    public IReadOnlyList<(ReminderStep Step, DateTimeOffset At)> StepInstants(DateTimeOffset deadline, DateTimeOffset now)
    {
        var result = new List<(ReminderStep, DateTimeOffset)>();
        var deadlinePassed = now >= deadline;
        foreach (var phase in Steps().GroupBy(s => s.CountsDown))
        {
            if (phase.Key && deadlinePassed) continue;
            var instants = phase.Select(s => (Step: s, At: clock.SendInstant(s, deadline))).ToList();
            var lastPassed = instants.Where(i => i.At <= now).Select(i => (ReminderStep?)i.Step).LastOrDefault();
            // A passed step is not worth an extra message when the next one comes later the same day.
            var nextFuture = instants.Where(i => i.At > now).Select(i => (DateTimeOffset?)i.At).FirstOrDefault();
            if (nextFuture is not null && SameLocalDay(nextFuture.Value, now)) lastPassed = null;
            foreach (var (step, at) in instants)
            {
                if (at > now) result.Add((step, at));
                else if (step == lastPassed) result.Add((step, now));
            }
        }
        return result;
    }

    bool SameLocalDay(DateTimeOffset a, DateTimeOffset b) => clock.ToLocal(a).Date == clock.ToLocal(b).Date;

    /// <summary>
    /// Who receives a step on a channel: the agency's working contacts (the head only when there is no one
    /// else); from the escalation step on, every contact including the head, plus the secretariat by e-mail.
    /// </summary>
    public IReadOnlyList<Recipient> Recipients(ReminderStep step, IReadOnlyList<ContactAddress> contacts, ReminderChannel channel)
    {
        var escalated = Escalates(step);
        var staff = contacts.Where(c => !c.IsHead).ToList();
        var chosen = escalated || staff.Count == 0 ? contacts : staff;
        var recipients = new List<Recipient>();
        foreach (var c in chosen)
        {
            var address = channel == ReminderChannel.Email ? c.Email : c.SmsOptOut ? null : c.Phone;
            if (address is null) continue;
            recipients.Add(new Recipient(Normalize(address, channel), c.Name, c.Language, escalated));
        }
        if (escalated && channel == ReminderChannel.Email && !string.IsNullOrWhiteSpace(secretariatEmail))
            recipients.Add(new Recipient(Normalize(secretariatEmail, channel), "Secretariat", "vi", true));
        return recipients.DistinctBy(r => r.Address).ToList();
    }

    public static string Normalize(string address, ReminderChannel channel) =>
        channel == ReminderChannel.Email ? address.Trim().ToLowerInvariant() : new string(address.Where(ch => ch == '+' || char.IsDigit(ch)).ToArray());
}
