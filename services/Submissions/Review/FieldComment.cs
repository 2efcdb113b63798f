namespace DxTrack.Submissions.Review;

/// <summary>A reviewer's remark on one field of a returned report, e.g. <c>value.numerator</c>.</summary>
public sealed record FieldComment(string Field, string Comment);
