namespace DxTrack.Submissions.Compliance;

/// <summary>
/// Obligations due, fulfilled (an accepted report) and fulfilled on time; completeness = fulfilled / due,
/// timeliness = fulfilled on time / due, as fractions 0–1 (null when nothing is due).
/// </summary>
public sealed record ComplianceRate(int Due, int Fulfilled, int FulfilledOnTime, decimal? Completeness, decimal? Timeliness)
{
    public static ComplianceRate Of(IReadOnlyCollection<ObligationStanding> due)
    {
        var fulfilled = due.Count(o => o.Fulfilled);
        var onTime = due.Count(o => o.Fulfilled && o.OnTime);
        return new ComplianceRate(due.Count, fulfilled, onTime, Ratio(fulfilled, due.Count), Ratio(onTime, due.Count));
    }

    static decimal? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
