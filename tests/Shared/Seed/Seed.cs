using System.Text.Json;
using System.Text.RegularExpressions;

namespace OAuthSuite.Testing;

/// <summary>A seeded client as tests and the bench use it: its id, its secret's default, its first redirect URI.</summary>
public sealed record SeedClient(string Id, string? SecretOrNull, string? RedirectUri, string? PostLogoutRedirectUri, IReadOnlyList<string> Scopes)
{
    /// <summary>The secret's default; only confidential clients have one.</summary>
    public string Secret => SecretOrNull ?? throw new InvalidOperationException($"{Id} is a public client: it has no secret.");

    /// <summary>Every scope the client may ask for, space-separated, as a <c>scope</c> parameter.</summary>
    public string Scope => string.Join(' ', Scopes);
}

public sealed record SeedUser(string Username, string Password, string Email, string Name);

/// <summary>
/// The clients and user of the repository's <c>seed-clients.json</c>, read from the file so tests, bench and seed
/// cannot drift: each client is found by what it is (the confidential web client, the service, the public SPA), not
/// by its id. Secrets and passwords are the seed's <c>${NAME:-default}</c> defaults, which the AuthServer uses in
/// Development and Testing (and elsewhere with <c>AuthServer:AllowDemoSecrets=true</c>).
/// </summary>
public static partial class Seed
{
    private static readonly Lazy<Values> Loaded = new(() => Load(RepoPaths.SeedFile));

    /// <summary>The confidential code-flow client (the DemoClient): code + refresh, a secret, consent asked.</summary>
    public static SeedClient WebClient => Loaded.Value.Web;

    /// <summary>The confidential machine client: client credentials only.</summary>
    public static SeedClient Service => Loaded.Value.Service;

    /// <summary>The public code-flow client: no secret, PKCE only.</summary>
    public static SeedClient Spa => Loaded.Value.Spa;

    public static SeedUser User => Loaded.Value.User;

    private sealed record Values(SeedClient Web, SeedClient Service, SeedClient Spa, SeedUser User);

    private static Values Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var clients = document.RootElement.GetProperty("clients").EnumerateArray().ToList();
        var user = document.RootElement.GetProperty("users").EnumerateArray().First();
        return new Values(
            Client(clients.First(c => Has(c, "grantTypes", "authorization_code") && c.TryGetProperty("clientSecret", out _))),
            Client(clients.First(c => Has(c, "grantTypes", "client_credentials"))),
            Client(clients.First(c => Has(c, "grantTypes", "authorization_code") && !c.TryGetProperty("clientSecret", out _))),
            new SeedUser(
                user.GetProperty("username").GetString()!,
                Default(user.GetProperty("password").GetString()!),
                user.GetProperty("email").GetString()!,
                user.GetProperty("name").GetString()!));
    }

    private static SeedClient Client(JsonElement client) => new(
        client.GetProperty("clientId").GetString()!,
        client.TryGetProperty("clientSecret", out var secret) ? Default(secret.GetString()!) : null,
        First(client, "redirectUris"),
        First(client, "postLogoutRedirectUris"),
        [.. client.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)]);

    private static bool Has(JsonElement element, string list, string value) =>
        element.TryGetProperty(list, out var items) && items.EnumerateArray().Any(i => i.GetString() == value);

    private static string? First(JsonElement element, string list) =>
        element.TryGetProperty(list, out var items) ? items.EnumerateArray().Select(i => i.GetString()).FirstOrDefault() : null;

    /// <summary><c>${NAME:-value}</c> → value; a literal stays as it is.</summary>
    private static string Default(string value)
    {
        var match = Placeholder().Match(value);
        return match.Success ? match.Groups[1].Value : value;
    }

    [GeneratedRegex(@"^\$\{[A-Za-z0-9_]+:-(.*)\}$")]
    private static partial Regex Placeholder();
}
