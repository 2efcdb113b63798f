using System.ComponentModel.DataAnnotations;

namespace DxTrack.ServiceDefaults.Telemetry;

/// <summary>
/// How much telemetry a service sends: the production profile outside Development, everything in it.
/// Section <c>Telemetry</c>.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Production default of <see cref="TraceSampleRatio"/>.</summary>
    public const double ProductionTraceSampleRatio = 0.1;

    /// <summary>Production default of <see cref="MetricExportInterval"/>.</summary>
    public static readonly TimeSpan ProductionMetricExportInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Share of traces recorded, decided where a trace starts (the gateway for a request, a background job for its
    /// own work) from the trace id; every span of a trace follows that decision, in every service, so a trace is
    /// recorded whole or not at all. Unset: 1 (all) in Development, <see cref="ProductionTraceSampleRatio"/> elsewhere.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? TraceSampleRatio { get; set; }

    /// <summary>
    /// How often metrics are exported. Unset: what the OpenTelemetry environment asks (<c>OTEL_METRIC_EXPORT_INTERVAL</c>;
    /// Aspire asks every second of the services it runs) in Development, <see cref="ProductionMetricExportInterval"/>
    /// elsewhere.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan? MetricExportInterval { get; set; }

    /// <summary>The ratio in force in an environment.</summary>
    public double SampleRatioIn(bool development) => TraceSampleRatio ?? (development ? 1.0 : ProductionTraceSampleRatio);

    /// <summary>The export interval in force in an environment; null: the OpenTelemetry environment's.</summary>
    public TimeSpan? MetricIntervalIn(bool development) =>
        MetricExportInterval ?? (development ? null : ProductionMetricExportInterval);
}
