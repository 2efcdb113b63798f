namespace DxTrack.Submissions.Review;

/// <summary>Why a revision goes back to the agency and by when the fix is due.</summary>
public sealed record ReturnDecision(string ReasonCode, string Reason, IReadOnlyList<FieldComment> FieldComments,
    DateTimeOffset FixBy);
