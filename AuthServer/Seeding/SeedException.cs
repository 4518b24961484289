namespace AuthServer.Seeding;

/// <summary>An invalid seed file: every error, each with its JSON path. Nothing was written.</summary>
public sealed class SeedException(string path, IReadOnlyList<string> errors)
    : Exception($"Invalid seed file {path}:\n{string.Join('\n', errors.Select(e => "  - " + e))}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
