namespace DxTrack.Submissions.Compliance;

/// <summary>One agency's compliance over the periods asked for.</summary>
public sealed record AgencyCompliance(string AgencyCode, ComplianceRate Rate);
