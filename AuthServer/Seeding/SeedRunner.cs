using AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AuthServer.Seeding;

/// <summary>Loads, validates and applies the seed file in one transaction: all of it or none of it.</summary>
public static class SeedRunner
{
    /// <summary>
    /// Applies the seed file with the scope's <see cref="AuthDbContext"/>, which OpenIddict's and Identity's stores
    /// share, so every write joins one transaction. Returns one line per entry, each starting with what happened:
    /// <c>create …</c>, <c>update client x: secret, redirectUris</c>, <c>remove …</c>, <c>forget …</c> (its entry
    /// was already gone), <c>skipped …</c> (not the seed's to change), and a last <c>unchanged: …</c> line.
    /// With <paramref name="dryRun"/> the same work runs and is rolled back.
    /// </summary>
    /// <exception cref="SeedException">The file is invalid, or a write was refused; nothing was written.</exception>
    public static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider scopedServices, bool dryRun, CancellationToken cancellationToken)
    {
        var logger = scopedServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SeedRunner));
        var path = SeedPath(scopedServices);
        var loaded = SeedLoader.LoadFile(path, Environment.GetEnvironmentVariable);
        if (loaded.Document is not { } seed)
        {
            SeedLog.Invalid(logger, path, loaded.Errors.Count);
            throw new SeedException(path, loaded.Errors);
        }

        SeedLog.Loaded(logger, path, seed.Scopes.Count, seed.Clients.Count, seed.Users.Count);
        var db = scopedServices.GetRequiredService<AuthDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var committed = false;
        try
        {
            var result = await scopedServices.GetRequiredService<SeedSync>().ApplyAsync(seed, cancellationToken);
            if (result.Errors.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                SeedLog.Failed(logger, path, result.Errors.Count);
                throw new SeedException(path, result.Errors);
            }

            if (dryRun)
            {
                await transaction.RollbackAsync(cancellationToken);
                SeedLog.Checked(logger, path, result.ChangeCount);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
                committed = true;
                SeedLog.Applied(logger, path, result.ChangeCount);
            }

            return result.Report;
        }
        finally
        {
            // After a rollback the tracked entities describe rows that do not exist; a later query in this scope
            // must not be answered from them.
            if (!committed)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Variables whose secret default the file falls back to, for the production checks (none when invalid).</summary>
    public static IReadOnlyList<string> SecretDefaultsUsed(IServiceProvider services) =>
        SeedLoader.LoadFile(SeedPath(services), Environment.GetEnvironmentVariable).Document?.SecretDefaultsUsed ?? [];

    private static string SeedPath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<SeedOptions>>().Value.Path;
        return Path.GetFullPath(configured, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
    }
}
