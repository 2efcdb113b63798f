using OpenTelemetry.Trace;

namespace DxTrack.ServiceDefaults.Telemetry;

/// <summary>The one sampling rule of every DxTrack process.</summary>
public static class TraceSampling
{
    /// <summary>
    /// A trace is recorded or not where it starts, by its id (<paramref name="ratio"/> of them); a span with a parent,
    /// local or from another process (the traceparent header, an outbox row, a message), follows the parent, so a
    /// report is one whole trace from the gateway to both consumers, or none.
    /// </summary>
    public static Sampler Sampler(double ratio) =>
        new ParentBasedSampler(ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio));
}
