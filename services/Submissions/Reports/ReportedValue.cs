namespace DxTrack.Submissions.Reports;

/// <summary>An indicator value as reported; only the fields of the indicator's measure are set.</summary>
public sealed record ReportedValue(decimal? Numerator, decimal? Denominator, decimal? Percent, long? Count, bool? Done);
