namespace DxTrack.Submissions.Compliance;

/// <summary>Compliance of every agency asked for in one period.</summary>
public sealed record PeriodCompliance(string Period, ComplianceRate Rate);
