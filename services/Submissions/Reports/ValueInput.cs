using System.Text.Json.Serialization;

namespace DxTrack.Submissions.Reports;

/// <summary>
/// An indicator value: <c>numerator</c> and <c>denominator</c> for a ratio, <c>percent</c>, <c>count</c>,
/// or <c>done</c> for a milestone — exactly the fields of the indicator's measure.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ValueInput(
    decimal? Numerator = null,
    decimal? Denominator = null,
    decimal? Percent = null,
    decimal? Count = null,
    bool? Done = null);
