using System.Text.Json.Serialization;

namespace DxTrack.Submissions.Review;

/// <summary>
/// Sends a report back: a reason code from <c>Submissions:ReturnReasons</c>, the reason in words,
/// optional comments per field (keyed like <c>value.numerator</c>) and days to fix it.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReturnRequest(
    string? ReasonCode,
    string? Reason,
    Dictionary<string, string?>? FieldComments = null,
    int? FixWithinDays = null);
