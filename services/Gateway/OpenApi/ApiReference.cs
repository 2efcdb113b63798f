using System.Text.Json.Nodes;
using DxTrack.Gateway.Proxy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace DxTrack.Gateway.OpenApi;

/// <summary>
/// Each service's OpenAPI document republished at <c>/openapi/{service}.json</c>, the gateway's own (API keys,
/// audit trail) at <c>/openapi/gateway.json</c>, and one Scalar page at <c>/scalar</c> listing them all.
/// Anonymous: describing the API reveals no data.
/// </summary>
public static class ApiReference
{
    public const string HttpClientName = "openapi";

    /// <summary>The name of the gateway's own document; no service may be called so.</summary>
    public const string GatewayDocument = "gateway";

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    public static void MapApiReference(this WebApplication app)
    {
        var names = app.Services.GetRequiredService<IOptions<ServiceAddresses>>().Value.ByName.Keys.ToArray();
        // A literal path: routing prefers it to the services' {service} pattern below.
        app.MapOpenApi($"/openapi/{GatewayDocument}.json").AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/openapi/{service}.json", GetDocument).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/scalar", scalar =>
        {
            scalar.WithTitle("DxTrack API");
            foreach (var name in names.Append(GatewayDocument))
                scalar.AddDocument(name, char.ToUpperInvariant(name[0]) + name[1..], "/openapi/{documentName}.json");
        }).AllowAnonymous();
    }

    static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> GetDocument(
        string service, IOptions<ServiceAddresses> services, IHttpClientFactory clients, ILogger<ServiceAddresses> logger,
        CancellationToken ct)
    {
        if (!services.Value.ByName.TryGetValue(service, out var address)) return TypedResults.NotFound();
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(new Uri(address), "/openapi/v1.json"), ct);
            response.EnsureSuccessStatusCode();
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject
                           ?? throw new InvalidDataException("The OpenAPI document is not a JSON object.");
            // The service lists its own address; callers reach it through the gateway only.
            document["servers"] = new JsonArray(new JsonObject { ["url"] = "/" });
            return TypedResults.Content(document.ToJsonString(), "application/json");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or System.Text.Json.JsonException
                                   or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "OpenAPI document of {Service} unavailable", service);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "API description unavailable",
                detail: $"The {service} service's API description cannot be fetched right now; retry shortly.");
        }
    }
}
