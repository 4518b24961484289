namespace AuthServer.Seeding;

/// <summary>The seed file after parsing, variable expansion and validation.</summary>
public sealed record SeedDocument(IReadOnlyList<SeedScope> Scopes, IReadOnlyList<SeedClient> Clients, IReadOnlyList<SeedUser> Users)
{
    /// <summary>
    /// Variables whose <c>${NAME:-default}</c> default was used for a client secret or a password: outside
    /// Development the production checks refuse to start with a secret that is printed in the repository.
    /// </summary>
    public IReadOnlyList<string> SecretDefaultsUsed { get; init; } = [];
}

// Each entry keeps the JSON path it was read from (clients[2]), so that an error found later, by the validator or
// by Identity at sync time, points at the same place in the file as a parse error would.

public sealed record SeedScope(string Path, string Name, string? DisplayName, IReadOnlyList<string> Resources);

public sealed record SeedClient(
    string Path,
    string ClientId,
    string? DisplayName,
    string Type,
    string? ClientSecret,
    string Consent,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    SeedTokenLifetimes? Lifetimes = null)
{
    /// <summary>Browser origins (scheme://host[:port]) that may call the AuthServer's endpoints as this client (CORS).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
}

public sealed record SeedUser(string Path, string Username, string Password, string? Email, string? Name);

/// <summary>Either a document and no errors, or no document and every error found, each prefixed by its JSON path.</summary>
public sealed record SeedLoadResult(SeedDocument? Document, IReadOnlyList<string> Errors);
