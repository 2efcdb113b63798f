using System.Text.Json.Serialization;

namespace DxTrack.Submissions.Reports;

/// <summary>
/// A report on one obligation: <c>value</c> for an indicator, <c>progress</c> for a task, or
/// <c>feedback</c> for a consultation, plus optional evidence.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitRequest(
    Guid? ObligationId,
    ValueInput? Value = null,
    ProgressInput? Progress = null,
    string? Feedback = null,
    List<EvidenceInput?>? Evidence = null);
