namespace DxTrack.Submissions.Reports;

/// <summary>A field whose value differs between two revisions (null where a side has no value).</summary>
public sealed record FieldChange(string Field, string? From, string? To);
