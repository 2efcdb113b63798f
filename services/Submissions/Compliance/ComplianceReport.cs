namespace DxTrack.Submissions.Compliance;

/// <summary>Compliance overall, per agency and per period, and what is still outstanding, as of an instant.</summary>
public sealed record ComplianceReport(
    DateTimeOffset AsOf,
    string? Agency,
    string? Period,
    ComplianceRate Overall,
    IReadOnlyList<AgencyCompliance> Agencies,
    IReadOnlyList<PeriodCompliance> Periods,
    IReadOnlyList<OutstandingObligation> Outstanding);
