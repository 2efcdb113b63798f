namespace DxTrack.Submissions.Idempotency;

public static class IdempotencyConventions
{
    /// <summary>
    /// Makes the endpoints safe to retry with an <c>Idempotency-Key</c> (see <see cref="IdempotencyFilter"/>)
    /// and marks them so their OpenAPI operations describe the header.
    /// </summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>().WithMetadata(IdempotentEndpoint.Instance);
}
