namespace DxTrack.Submissions.Compliance;

/// <summary>
/// The compliance sums. An obligation counts in a denominator only when it is due (its due instant
/// has passed, or it is already fulfilled) and its agency was active when it fell due, so a rate
/// never exceeds 100%. On time is judged on the first submission (see <c>Submission.JudgeOnTime</c>).
/// </summary>
public static class ComplianceCalculator
{
    public static ComplianceReport Calculate(IReadOnlyCollection<ObligationStanding> obligations, DateTimeOffset now,
        string? agency, string? period)
    {
        var due = obligations
            .Where(o => o.AgencyActiveWhenDue && (o.Fulfilled || o.DueAt <= now))
            .ToList();

        var outstanding = due
            .Where(o => !o.Fulfilled)
            .Select(o => new OutstandingObligation(o.ObligationId, o.AgencyCode, o.Subject, o.SubjectCode, o.Title,
                o.Period, o.DueAt, DaysOverdue(o.DueAt, now), o.SubmissionId,
                o.LatestStatus?.ToString() ?? "NotSubmitted"))
            .OrderByDescending(o => o.DaysOverdue).ThenBy(o => o.AgencyCode).ThenBy(o => o.ObligationId)
            .ToList();

        return new ComplianceReport(now, agency, period,
            ComplianceRate.Of(due),
            due.GroupBy(o => o.AgencyCode).OrderBy(g => g.Key)
                .Select(g => new AgencyCompliance(g.Key, ComplianceRate.Of(g.ToList()))).ToList(),
            due.GroupBy(o => o.Period).OrderBy(g => g.Key)
                .Select(g => new PeriodCompliance(g.Key, ComplianceRate.Of(g.ToList()))).ToList(),
            outstanding);
    }

    /// <summary>Whole days started since the due instant: one second late is one day overdue.</summary>
    public static int DaysOverdue(DateTimeOffset dueAt, DateTimeOffset now) =>
        now <= dueAt ? 0 : (int)Math.Ceiling((now - dueAt).TotalDays);
}
