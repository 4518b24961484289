using AuthServer.Data;
using Microsoft.EntityFrameworkCore;

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
    public static Task<IReadOnlyList<string>> RunAsync(IServiceProvider scopedServices, bool dryRun, CancellationToken cancellationToken) =>
        ApplyAsync(scopedServices, scopedServices.GetRequiredService<SeedFile>().Load(), dryRun, cancellationToken);

    /// <summary>As <see cref="RunAsync"/>, with the seed file already loaded (the startup sequence reads it once).</summary>
    /// <exception cref="SeedException">The file is invalid, or a write was refused; nothing was written.</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(IServiceProvider scopedServices, SeedLoadResult loaded, bool dryRun, CancellationToken cancellationToken)
    {
        var logger = scopedServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SeedRunner));
        var path = scopedServices.GetRequiredService<SeedFile>().Path;
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
}
