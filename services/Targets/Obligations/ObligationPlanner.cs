using DxTrack.Contracts;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Scheduling;
using DxTrack.Targets.Tasks;

namespace DxTrack.Targets.Obligations;

/// <summary>What a plan's indicators, tasks and consultation require of agencies, worked out without touching the database.</summary>
public static class ObligationPlanner
{
    /// <summary>
    /// One obligation per reporting agency and whole period of the plan's span. Agencies named on the indicator and
    /// every active agency of its reporting kind report; inactive agencies owe nothing.
    /// </summary>
    public static IEnumerable<DesiredObligation> ForIndicator(Plan plan, Indicator indicator,
        IReadOnlyCollection<(string Code, AgencyKind Kind)> activeAgencies)
    {
        var active = activeAgencies.Select(a => a.Code).ToHashSet();
        var reporters = indicator.ReportingAgencies.Where(active.Contains)
            .Concat(activeAgencies.Where(a => a.Kind == indicator.ReportingKind).Select(a => a.Code))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var period in Period.Within(indicator.Frequency, plan.StartsOn, plan.EndsOn))
        foreach (var agency in reporters)
            yield return new DesiredObligation(agency, ObligationSubject.Indicator, indicator.Id, indicator.Code,
                indicator.Name, period, DueInstant.After(period, indicator.DueOffsetDays), indicator.Measure, plan.Id);
    }

    /// <summary>
    /// Progress reports on a task: one per quarter that ends while the task runs (due <paramref name="offsetDays"/>
    /// after the quarter), and a final one on the task's due date, keyed by the quarter that contains it.
    /// A quarterly report that would fall due after the final one is left out.
    /// </summary>
    public static IReadOnlyList<(Period Period, DueInstant Due)> TaskSchedule(DateOnly start, DateOnly due, int offsetDays)
    {
        var final = (Period.Containing(due, ReportingFrequency.Quarterly), DueInstant.EndOf(due));
        var schedule = new List<(Period, DueInstant)>();
        for (var q = Period.Containing(start, ReportingFrequency.Quarterly); q.End < due; q = q.Next())
        {
            var reportDue = DueInstant.After(q, offsetDays);
            if (reportDue.LocalDate < due) schedule.Add((q, reportDue));
        }
        schedule.Add(final);
        return schedule;
    }

    public static IEnumerable<DesiredObligation> ForTask(PlanTask task, Guid planId, int offsetDays) =>
        from step in TaskSchedule(task.StartDate, task.DueDate, offsetDays)
        from agency in task.Assignees
        select new DesiredObligation(agency, ObligationSubject.Task, task.Id, task.Code, task.Title, step.Period, step.Due,
            null, planId);

    /// <summary>One request for feedback per consulted agency, due at the end of the deadline day.</summary>
    public static IEnumerable<DesiredObligation> ForConsultation(Plan plan) =>
        plan.ConsultationDeadline is not { } deadline
            ? []
            : plan.ConsultedAgencies.Select(agency => new DesiredObligation(agency, ObligationSubject.Consultation, plan.Id,
                $"{plan.Code}-v{plan.Version}", $"Góp ý dự thảo: {plan.Title}",
                Period.Containing(deadline, ReportingFrequency.Annual), DueInstant.EndOf(deadline), null, plan.Id));
}
