namespace DxTrack.Submissions.Idempotency;

/// <summary>Endpoint metadata: the endpoint honours an <c>Idempotency-Key</c> (read by the OpenAPI description).</summary>
public sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new();

    IdempotentEndpoint() { }
}
