using Microsoft.EntityFrameworkCore;

namespace AuthServer.Data;

/// <summary>
/// Startup step 2: applies pending migrations, so an upgrade keeps existing data. On SQLite it first switches the
/// journal to WAL (persistent once set): readers then run beside the single writer instead of waiting for it.
/// </summary>
internal sealed partial class DatabaseMigration(AuthDbContext db, ILogger<DatabaseMigration> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database migrated")]
    private static partial void LogMigrated(ILogger logger);
}
