using AuthServer.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs; restart it only if this fails).
/// <c>/health/ready</c>: the database answers a real query, the keys are loaded, the seed is applied, and the node is
/// not stopping; 503 otherwise. <c>/health</c> stays as an alias of ready for existing probes.
/// </summary>
public static class HealthExtensions
{
    public const string Ready = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ReadinessCheck>("startup", tags: [Ready])

            // A real read (not just opening the file, which SQLite does lazily) so a damaged or vanished database shows.
            .AddDbContextCheck<AuthDbContext>("database", tags: [Ready], customTestQuery: (db, cancel) => db.SigningKeys.AnyAsync(cancel));
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health", ready);
        return app;
    }
}
