using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace DxTrack.Submissions.Http;

/// <summary>
/// A 201 whose JSON was serialised once, before the write, so the same text is both the answer stored for the
/// request's <c>Idempotency-Key</c> and the body sent: described in OpenAPI as <typeparamref name="T"/>.
/// </summary>
public sealed class CreatedJson<T>(string location, T value, string json)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public string Location => location;
    public string Json => json;
    public T Value => value;
    object? IValueHttpResult.Value => value;
    public int? StatusCode => StatusCodes.Status201Created;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = location;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json), http.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), ["application/json"]));
}
