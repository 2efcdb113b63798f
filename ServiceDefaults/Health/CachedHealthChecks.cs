using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DxTrack.ServiceDefaults.Health;

/// <summary>
/// Puts every registered check but the liveness ones (free, and they must say the truth now) behind the
/// <see cref="HealthCheckCache"/>, whoever registered it: Aspire's, MassTransit's and DxTrack's own alike.
/// </summary>
public sealed class CachedHealthChecks(HealthCheckCache cache) : IPostConfigureOptions<HealthCheckServiceOptions>
{
    public void PostConfigure(string? name, HealthCheckServiceOptions options)
    {
        var registrations = options.Registrations.ToList();
        options.Registrations.Clear();
        foreach (var registration in registrations)
            options.Registrations.Add(registration.Tags.Contains(HealthTags.Live) ? registration : Cached(registration));
    }

    HealthCheckRegistration Cached(HealthCheckRegistration registration)
    {
        var inner = registration.Factory;
        // The inner check runs under the cache's own timeout; the service's per-check timeout would cut a waiter short.
        return new HealthCheckRegistration(registration.Name, _ => new Check(cache, registration, inner),
            registration.FailureStatus, registration.Tags, timeout: null)
        {
            Delay = registration.Delay,
            Period = registration.Period,
        };
    }

    sealed class Check(HealthCheckCache cache, HealthCheckRegistration registration, Func<IServiceProvider, IHealthCheck> inner) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            cache.ResultAsync(registration, inner, cancellationToken);
    }
}
