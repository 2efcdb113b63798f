namespace DxTrack.Submissions.Idempotency;

public static class IdempotencyBuffering
{
    /// <summary>
    /// Keeps the body of POSTs that carry an <c>Idempotency-Key</c> readable after model binding,
    /// so <see cref="IdempotencyFilter"/> can hash exactly what the client sent.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) &&
                context.Request.Headers.ContainsKey(IdempotencyFilter.Header))
                context.Request.EnableBuffering();
            return next(context);
        });
}
