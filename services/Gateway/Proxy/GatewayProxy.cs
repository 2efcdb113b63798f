using DxTrack.Gateway.ApiKeys;
using DxTrack.Gateway.Limits;
using DxTrack.ServiceDefaults;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace DxTrack.Gateway.Proxy;

/// <summary>
/// The routes: each service's prefix to that service, paths unchanged. Every proxied call needs a
/// DxTrack role here and is checked again by the service itself.
/// </summary>
public static class GatewayProxy
{
    /// <summary>
    /// The only response headers of a service that reach the caller: what HTTP itself needs and the few the
    /// services mean for clients. Anything else a service (or a library in it) adds — <c>Server</c>,
    /// <c>X-Powered-By</c>, an address or instance name — stays inside, without anyone having to foresee its name.
    /// </summary>
    static readonly HashSet<string> PassedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Range",
        "Accept-Ranges", "Cache-Control", "ETag", "Last-Modified", "Expires", "Vary", "Date", "Location", "Retry-After",
        "Allow", "WWW-Authenticate", "X-Content-Type-Options", CorrelationIdMiddleware.Header, "Idempotent-Replayed",
    };

    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder, RequestLimitOptions limits)
    {
        var services = builder.BindValidated<ServiceAddresses>(ServiceAddresses.Section);

        RouteConfig Route(string id, string prefix, string cluster, string? cors = null) => new()
        {
            RouteId = id,
            ClusterId = cluster,
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
            AuthorizationPolicy = DxPolicies.Reader,
            CorsPolicy = cors,
        };

        RouteConfig[] routes =
        [
            Route("targets", "/api/targets", "targets"),
            Route("dashboard", "/api/dashboard", "targets", DashboardCors.Policy),
            Route("submissions", "/api/submissions", "submissions"),
            Route("notifications", "/api/notifications", "notifications"),
        ];
        var clusters = services.ByName.Select(s => new ClusterConfig
        {
            ClusterId = s.Key,
            Destinations = new Dictionary<string, DestinationConfig> { [s.Key] = new() { Address = s.Value } },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = limits.UpstreamTimeout },
        }).ToArray();

        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms =>
            {
                transforms.AddRequestTransform(ReplaceApiKeyWithToken);
                transforms.AddResponseTransform(HideInternals);
            });
        return builder;
    }

    public static void MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy => proxy.Use(WriteProxyErrors));

        // Anything else under /api is unknown, but only an authenticated caller may learn that.
        app.MapFallback("/api/{**rest}", () => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No DxTrack API has this path."))
            .RequireAuthorization(DxPolicies.Reader).ExcludeFromDescription();
    }

    /// <summary>
    /// A key never leaves the gateway: an API-key caller's request goes on with a short-lived internal
    /// token for the same identity, so services validate tokens only.
    /// </summary>
    static ValueTask ReplaceApiKeyWithToken(RequestTransformContext context)
    {
        context.ProxyRequest.Headers.Remove(ApiKeyAuthenticationHandler.Header);
        var user = context.HttpContext.User;
        if (user.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
        {
            var token = context.HttpContext.RequestServices.GetRequiredService<InternalTokens>().For(user);
            context.ProxyRequest.Headers.Remove("Authorization");
            context.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return ValueTask.CompletedTask;
    }

    static ValueTask HideInternals(ResponseTransformContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        // Only headers the service sent are judged: the gateway's own (CORS, correlation id) stay.
        if (context.ProxyResponse is { } proxied)
        {
            var sent = proxied.Headers.Select(h => h.Key).Concat(proxied.Content.Headers.Select(h => h.Key));
            foreach (var name in sent.Where(n => !PassedHeaders.Contains(n)).ToList()) headers.Remove(name);
        }

        // The gateway's correlation id is the one the caller sees, even if a service echoed its own.
        if (context.HttpContext.Request.Headers.TryGetValue(CorrelationIdMiddleware.Header, out var id))
            headers[CorrelationIdMiddleware.Header] = id;

        // A Location pointing at the service's own address becomes a path on the gateway.
        if (headers.Location.FirstOrDefault() is { } location
            && Uri.TryCreate(location, UriKind.Absolute, out var target)
            && context.ProxyResponse?.RequestMessage?.RequestUri is { } destination
            && string.Equals(target.Authority, destination.Authority, StringComparison.OrdinalIgnoreCase))
            headers.Location = target.PathAndQuery;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// YARP answers a failed forward with a bare status code; callers get a problem document instead,
    /// naming the service but never its address.
    /// </summary>
    static async Task WriteProxyErrors(HttpContext context, Func<Task> next)
    {
        // A service's own answer, even an empty 404, goes back as the service wrote it.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted) return;

        var service = context.GetReverseProxyFeature().Route.Config.ClusterId;
        var (status, title, detail) = error.Error switch
        {
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "Service timeout",
                $"The {service} service did not answer in time. The request may or may not have been carried out."),
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                $"The {service} service is not available right now."),
            ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
                when IsBodyTooLarge(error.Exception) => (StatusCodes.Status413PayloadTooLarge, "Request body too large",
                "The body is larger than the gateway accepts."),
            ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled =>
                (StatusCodes.Status400BadRequest, "Request not completed", "The request body could not be read."),
            _ => (StatusCodes.Status502BadGateway, "Service unreachable",
                $"The {service} service could not be reached. Nothing is known to have been done; retry shortly."),
        };

        context.Response.StatusCode = status;
        if (status is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "5";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    static bool IsBodyTooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        return false;
    }
}
