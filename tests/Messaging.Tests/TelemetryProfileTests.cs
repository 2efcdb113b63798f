using System.Diagnostics;
using DxTrack.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// The telemetry every service sends (ServiceDefaults): outside Development a tenth of the traces, each whole or not
/// at all, metrics every 30 s and no console logger beside OTLP; in Development everything; one setting each.
/// </summary>
public sealed class TelemetryProfileTests
{
    const int Roots = 2000;

    [Fact]
    public void Outside_development_a_tenth_of_the_traces_are_recorded()
    {
        using var host = Host("Production");
        var recorded = StartRoots(host).Count(a => a.Recorded);
        // 200 expected; the ratio is decided on random trace ids, so allow about five standard deviations.
        Assert.InRange(recorded, 130, 270);
    }

    [Fact]
    public void In_development_every_trace_is_recorded()
    {
        using var host = Host("Development");
        Assert.All(StartRoots(host), a => Assert.True(a.Recorded));
    }

    [Fact]
    public void The_ratio_is_one_setting()
    {
        using var none = Host("Production", new() { ["Telemetry:TraceSampleRatio"] = "0" });
        Assert.All(StartRoots(none), a => Assert.False(a.Recorded));
        using var all = Host("Production", new() { ["Telemetry:TraceSampleRatio"] = "1" });
        Assert.All(StartRoots(all), a => Assert.True(a.Recorded));
    }

    [Fact]
    public void A_ratio_outside_zero_to_one_is_refused_at_start()
    {
        var refused = Assert.Throws<OptionsValidationException>(() =>
            Host("Production", new() { ["Telemetry:TraceSampleRatio"] = "1.5" }));
        Assert.Contains(nameof(TelemetryOptions.TraceSampleRatio), refused.Message);
    }

    [Fact]
    public void A_span_follows_its_parents_decision_whatever_the_ratio()
    {
        using var host = Host("Production");
        var source = new ActivitySource(host.Name);
        var sampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        for (var i = 0; i < 50; i++)
        {
            using (var child = source.StartActivity("from a sampled request", ActivityKind.Server, sampled))
                Assert.True(child?.Recorded);
            using (var child = source.StartActivity("from an unsampled request", ActivityKind.Server, unsampled))
                Assert.False(child?.Recorded ?? false);
        }
    }

    [Fact]
    public void Outside_development_metrics_are_exported_every_30_seconds_and_in_it_as_asked()
    {
        var asked = new Dictionary<string, string?> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000" };
        using (var production = Host("Production", asked))
            Assert.Equal(30_000, Reader(production).PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds);
        using (var development = Host("Development", asked))
            Assert.Equal(1_000, Reader(development).PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds);
        using (var set = Host("Production", new(asked) { ["Telemetry:MetricExportInterval"] = "00:00:05" }))
            Assert.Equal(5_000, Reader(set).PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds);
    }

    [Fact]
    public void Outside_development_logs_go_to_OTLP_only()
    {
        var otlp = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" };
        using (var production = Host("Production", otlp))
            Assert.DoesNotContain(production.Services.GetServices<ILoggerProvider>(), p => p is ConsoleLoggerProvider);
        using (var development = Host("Development", otlp))
            Assert.Contains(development.Services.GetServices<ILoggerProvider>(), p => p is ConsoleLoggerProvider);
        // Without a collector the console is where the logs are.
        using (var alone = Host("Production"))
            Assert.Contains(alone.Services.GetServices<ILoggerProvider>(), p => p is ConsoleLoggerProvider);
    }

    static MetricReaderOptions Reader(ProbeHost host) => host.Services.GetRequiredService<IOptions<MetricReaderOptions>>().Value;

    List<Activity> StartRoots(ProbeHost host)
    {
        var source = new ActivitySource(host.Name);
        var started = new List<Activity>();
        for (var i = 0; i < Roots; i++)
        {
            var activity = source.StartActivity("root", ActivityKind.Server);
            Assert.NotNull(activity); // created whatever the decision, so the decision travels on
            activity.Stop();
            started.Add(activity);
        }
        return started;
    }

    /// <summary>
    /// A service's defaults in an environment. The application has a name of its own, which only its tracer provider
    /// listens to: the other tests' providers (all in Development) must not decide for it.
    /// </summary>
    static ProbeHost Host(string environment, Dictionary<string, string?>? settings = null)
    {
        var name = $"TelemetryProbe.{Guid.NewGuid():N}";
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ApplicationName = name,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureOpenTelemetry();
        var host = builder.Build();
        _ = host.Services.GetService<TracerProvider>(); // builds the provider, as starting the host would
        return new ProbeHost(host, name);
    }

    sealed record ProbeHost(IHost Host, string Name) : IDisposable
    {
        public IServiceProvider Services => Host.Services;
        public void Dispose() => Host.Dispose();
    }
}
