namespace DxTrack.Submissions.Reports;

/// <summary>Something that backs a report: a link, an official document (number and date), or both.</summary>
public sealed record EvidenceItem(string? Url, string? DocumentNumber, DateOnly? DocumentDate, string? Title);
