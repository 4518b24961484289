using AuthServer.Hosting;
using AuthServer.Keys;
using AuthServer.Seeding;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Data;

/// <summary>
/// Runs before Kestrel listens: applies migrations (so an upgrade keeps existing data), makes sure the key ring
/// has keys, then syncs the seed file. An invalid seed stops the host with the list of errors.
/// </summary>
internal sealed partial class DatabaseInitializer(IServiceProvider services, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        ProductionChecks.ThrowIfInsecure(scope.ServiceProvider, SeedRunner.SecretDefaultsUsed(scope.ServiceProvider));

        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        if (db.Database.IsSqlite())
        {
            // Readers run beside the single writer instead of waiting for it; persistent once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger);

        await scope.ServiceProvider.GetRequiredService<KeyRing>().InitializeAsync(cancellationToken);

        foreach (var change in await SeedRunner.RunAsync(scope.ServiceProvider, dryRun: false, cancellationToken))
        {
            LogSeedChange(logger, change);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database migrated")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Seed: {Change}")]
    private static partial void LogSeedChange(ILogger logger, string change);
}
