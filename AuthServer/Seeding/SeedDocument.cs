namespace AuthServer.Seeding;

/// <summary>The seed file after parsing, variable expansion and validation.</summary>
public sealed record SeedDocument(IReadOnlyList<SeedScope> Scopes, IReadOnlyList<SeedClient> Clients, IReadOnlyList<SeedUser> Users)
{
    /// <summary>Environment variables whose <c>${NAME:-default}</c> default was used for a secret or password.</summary>
    public IReadOnlyList<string> SecretDefaultsUsed { get; init; } = [];
}

public sealed record SeedScope(string Name, string? DisplayName, IReadOnlyList<string> Resources);

public sealed record SeedClient(
    string ClientId,
    string? DisplayName,
    string Type,
    string? ClientSecret,
    string Consent,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes);

public sealed record SeedUser(string Username, string Password, string? Email, string? Name);

/// <summary>Either a document or every error found, each prefixed by its JSON path.</summary>
public sealed record SeedLoadResult(SeedDocument? Document, IReadOnlyList<string> Errors);
