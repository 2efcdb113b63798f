namespace DxTrack.Submissions.Idempotency;

public static class IdempotencyConventions
{
    /// <summary>
    /// Makes the endpoints safe to retry with an <c>Idempotency-Key</c> (see <see cref="IdempotencyFilter"/>)
    /// and marks them so their OpenAPI operations describe the header.
    /// </summary>
    /// <param name="answeredByHandler">
    /// The handler takes an <see cref="IdempotencyClaim"/> from the request's features, looks up the first answer in its
    /// own first read and stores its answer in its own write, instead of the filter wrapping it in a transaction of its
    /// own (a lookup, the handler, an insert and a commit: four more round trips).
    /// </param>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder, bool answeredByHandler = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>()
            .WithMetadata(answeredByHandler ? IdempotentEndpoint.AnsweredByHandler : IdempotentEndpoint.Instance);
}
