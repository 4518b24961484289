using AuthServer.Data;
using Microsoft.Extensions.Options;

namespace AuthServer.Seeding;

/// <summary>Loads, validates and applies the seed file in one transaction: all of it or none of it.</summary>
public static class SeedRunner
{
    public static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider scopedServices, bool dryRun, CancellationToken cancellationToken)
    {
        var path = SeedPath(scopedServices);
        var loaded = SeedLoader.LoadFile(path, Environment.GetEnvironmentVariable);
        if (loaded.Document is null)
        {
            throw new SeedException(path, loaded.Errors);
        }

        var db = scopedServices.GetRequiredService<AuthDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (changes, errors) = await ActivatorUtilities.CreateInstance<SeedSync>(scopedServices).ApplyAsync(loaded.Document, cancellationToken);
        if (errors.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw new SeedException(path, errors);
        }

        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return changes;
    }

    /// <summary>The loaded document's secret defaults, for the production checks (null when the file is invalid).</summary>
    public static IReadOnlyList<string> SecretDefaultsUsed(IServiceProvider services) =>
        SeedLoader.LoadFile(SeedPath(services), Environment.GetEnvironmentVariable).Document?.SecretDefaultsUsed ?? [];

    private static string SeedPath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<SeedOptions>>().Value.Path;
        return Path.GetFullPath(configured, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
    }
}
