using Microsoft.Extensions.Options;

namespace AuthServer.Seeding;

/// <summary>
/// The seed file named by <c>Seed:Path</c>, resolved against the content root. <see cref="Load"/> reads, expands and
/// validates it; the startup sequence calls it once and hands the result to the production checks and to the sync.
/// </summary>
public sealed class SeedFile(IOptions<SeedOptions> options, IHostEnvironment environment)
{
    public string Path { get; } = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    /// <summary>Never throws for a bad file: the result carries every error, each with its JSON path.</summary>
    public SeedLoadResult Load() => SeedLoader.LoadFile(Path, Environment.GetEnvironmentVariable);
}
