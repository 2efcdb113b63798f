using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// Describes the <c>Idempotency-Key</c> request header and the <c>Idempotent-Replayed</c> answer header on
/// the operations that honour them; the filter reads headers itself, so nothing else would say so.
/// </summary>
sealed class IdempotencyKeyOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpoint>().Any())
            return Task.CompletedTask;

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: the first successful (2xx) answer to this key is returned again " +
                          "instead of a second change. The same key with a different request is a 422. A refused " +
                          "request is not kept, so it can be corrected and sent again with the same key. Keys are " +
                          "private to the caller and remembered for Submissions:IdempotencyKeyDays days.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyFilter.MaxKeyLength },
        });

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse described) continue;
            described.Headers ??= new Dictionary<string, IOpenApiHeader>();
            described.Headers[IdempotencyFilter.ReplayedHeader] = new OpenApiHeader
            {
                Description = "\"true\" when this is the stored answer to an earlier request with the same Idempotency-Key.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        return Task.CompletedTask;
    }
}
