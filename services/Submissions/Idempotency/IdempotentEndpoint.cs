namespace DxTrack.Submissions.Idempotency;

/// <summary>Endpoint metadata: the endpoint honours an <c>Idempotency-Key</c> (read by the OpenAPI description).</summary>
public sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new(false);

    /// <summary>The endpoint looks up and stores its answer itself, from the <see cref="IdempotencyClaim"/> it is handed.</summary>
    public static readonly IdempotentEndpoint AnsweredByHandler = new(true);

    IdempotentEndpoint(bool byHandler) => ByHandler = byHandler;

    /// <summary>Whether the endpoint handles the key itself (see <see cref="AnsweredByHandler"/>).</summary>
    public bool ByHandler { get; }
}
