using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DxTrack.ServiceDefaults;

/// <summary>
/// Carries <c>X-Correlation-Id</c> through every hop: takes the caller's (or the gateway's) id,
/// or the trace id when there is none, echoes it on the response, tags the trace and scopes the logs. Events the
/// request writes to the outbox carry it on as a message header (see <c>DxTrack.Messaging.Correlation</c>).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    /// <summary>The activity baggage item that carries the id beyond the request (the outbox and the bus read it).</summary>
    public const string BaggageKey = "correlation.id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[Header].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            id = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

        context.Request.Headers[Header] = id;
        // Set as the response starts: an exception handler clears the headers it finds, and error
        // responses are the ones a caller most needs to quote the id from.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag(BaggageKey, id);
        // As baggage it reaches what this request writes to the outbox, and so the consumers in other services.
        Activity.Current?.SetBaggage(BaggageKey, id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            await next(context);
    }
}
