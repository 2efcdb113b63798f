using System.Text.Json.Serialization;
using DxTrack.Contracts;

namespace DxTrack.Submissions.Reports;

/// <summary>Task progress: status, percent complete (0–100) and an optional note.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProgressInput(TaskProgressStatus? Status = null, int? PercentComplete = null, string? Note = null);
