using AuthServer.Keys;
using AuthServer.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthServer.Health;

/// <summary>
/// Ready for traffic: the startup sequence finished (database migrated, keys loaded, seed applied) and the host is
/// not shutting down. From SIGTERM on the node answers 503 while it drains, so a load balancer stops sending it
/// new requests before it closes its port.
/// </summary>
internal sealed class ReadinessCheck(StartupState state, KeyRing keys, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !state.Started ? HealthCheckResult.Unhealthy("starting")
            : !keys.IsLoaded ? HealthCheckResult.Unhealthy("signing keys not loaded")
            : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("stopping")
            : HealthCheckResult.Healthy());
}
