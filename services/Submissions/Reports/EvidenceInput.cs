using System.Text.Json.Serialization;

namespace DxTrack.Submissions.Reports;

/// <summary>A link (absolute http or https) and/or an official document number and date.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvidenceInput(string? Url = null, string? DocumentNumber = null, DateOnly? DocumentDate = null,
    string? Title = null);
