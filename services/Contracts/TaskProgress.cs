namespace DxTrack.Contracts;

/// <summary>An agency's report on a task.</summary>
public sealed record TaskProgress(TaskProgressStatus Status, int PercentComplete, string? Note);
