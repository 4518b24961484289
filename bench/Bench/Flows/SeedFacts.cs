using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bench.Flows;

/// <summary>
/// The clients and user the bench drives, read from the repository's seed file so the two cannot drift: the service
/// client (client credentials), the web client (code flow, refresh) and the demo user. Secrets are the seed's
/// <c>${NAME:-default}</c> defaults, which the AuthServer accepts with <c>AuthServer:AllowDemoSecrets=true</c>.
/// </summary>
internal sealed partial record SeedFacts(
    string ServiceClientId, string ServiceSecret, string ServiceScope,
    string WebClientId, string WebSecret, string RedirectUri, string WebScope,
    string Username, string Password)
{
    public static SeedFacts Load(string seedPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(seedPath));
        var clients = document.RootElement.GetProperty("clients").EnumerateArray().ToList();
        var service = clients.First(c => c.GetProperty("grantTypes").EnumerateArray().Any(g => g.GetString() == "client_credentials"));
        var web = clients.First(c => c.TryGetProperty("clientSecret", out _)
            && c.GetProperty("grantTypes").EnumerateArray().Any(g => g.GetString() == "authorization_code"));
        var user = document.RootElement.GetProperty("users").EnumerateArray().First();
        var webScopes = web.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToList();
        return new SeedFacts(
            service.GetProperty("clientId").GetString()!,
            Default(service.GetProperty("clientSecret").GetString()!),
            service.GetProperty("scopes").EnumerateArray().First().GetString()!,
            web.GetProperty("clientId").GetString()!,
            Default(web.GetProperty("clientSecret").GetString()!),
            web.GetProperty("redirectUris").EnumerateArray().First().GetString()!,
            string.Join(' ', webScopes.Where(s => s is "openid" or "profile" or "offline_access" || s.StartsWith("api.", StringComparison.Ordinal))),
            user.GetProperty("username").GetString()!,
            Default(user.GetProperty("password").GetString()!));
    }

    /// <summary><c>${NAME:-value}</c> → value; a literal stays as it is.</summary>
    private static string Default(string value)
    {
        var match = Placeholder().Match(value);
        return match.Success ? match.Groups[1].Value : value;
    }

    [GeneratedRegex(@"^\$\{[A-Za-z0-9_]+:-(.*)\}$")]
    private static partial Regex Placeholder();
}
