namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// The first answer to a POST that carried an <c>Idempotency-Key</c>, kept so a retry gets the same
/// answer. Committed in the same transaction as the change it answers.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller's subject: keys are private to each caller.</summary>
    public required string Caller { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and the body as canonical JSON: a reused key with another request is refused.</summary>
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public string? ResponseBody { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
