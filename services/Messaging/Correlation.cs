using System.Diagnostics;
using DxTrack.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace DxTrack.Messaging;

/// <summary>
/// The correlation id beyond HTTP: a request's id (set as activity baggage by the services' correlation middleware)
/// is stored with each outbox row, sent as the <see cref="Header"/> message header, and restored on the consumer's
/// activity and log scope, so one id follows a change through every service and every hop of the bus.
/// </summary>
public static class Correlation
{
    /// <summary>The message header: the same name as the HTTP header the id arrives in.</summary>
    public const string Header = CorrelationIdMiddleware.Header;

    public const string BaggageKey = CorrelationIdMiddleware.BaggageKey;

    // Also kept outside the activity: with tracing off there is no activity to carry it.
    static readonly AsyncLocal<string?> Local = new();

    /// <summary>The id of the request or message being handled, if any.</summary>
    public static string? Current => Local.Value ?? Activity.Current?.GetBaggageItem(BaggageKey);

    /// <summary>
    /// Makes <paramref name="id"/> the current one for the rest of the calling async flow, and puts it on
    /// <paramref name="activity"/>: as a tag for the trace, as baggage for what it starts.
    /// </summary>
    public static void Continue(Activity? activity, string? id)
    {
        if (string.IsNullOrEmpty(id)) return;
        Local.Value = id;
        activity?.SetTag(BaggageKey, id);
        activity?.SetBaggage(BaggageKey, id);
    }

    /// <summary>The correlation id a message came with, if any.</summary>
    public static string? Of(ConsumeContext context) => context.Headers.Get<string>(Header);

    /// <summary>
    /// Makes a consumed message's correlation id current (see <see cref="Continue(Activity?, string?)"/>) and returns a log
    /// scope that puts it on every line the consumer writes; null when the message has none.
    /// </summary>
    public static IDisposable? Continue(ConsumeContext context, ILogger logger)
    {
        var id = Of(context);
        Continue(Activity.Current, id);
        return id is null ? null : logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id });
    }
}
