using System.Net;

namespace AuthServer.Seeding;

/// <summary>The rules a parsed seed must satisfy before anything is written; every error names its JSON path.</summary>
public static class SeedValidator
{
    public const string ExplicitConsent = "explicit";
    public const string ImplicitConsent = "implicit";
    public const string Confidential = "confidential";
    public const string Public = "public";
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";

    public static readonly IReadOnlySet<string> StandardScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "openid", "profile", "email", "address", "phone", "offline_access",
    };

    private static readonly HashSet<string> GrantTypes = new(StringComparer.Ordinal) { AuthorizationCode, RefreshToken, ClientCredentials };

    public static IEnumerable<string> Validate(SeedDocument seed)
    {
        var errors = new List<string>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Scopes.Count; i++)
        {
            var scope = seed.Scopes[i];
            var path = $"scopes[{i}]";
            if (StandardScopes.Contains(scope.Name))
            {
                errors.Add($"{path}.name: '{scope.Name}' is a standard OpenID Connect scope and cannot be redefined");
            }
            else if (scope.Name.Any(c => char.IsWhiteSpace(c) || c == '"' || c == '\\'))
            {
                errors.Add($"{path}.name: '{scope.Name}' must not contain spaces, quotes or backslashes (RFC 6749 §3.3)");
            }
            else if (!defined.Add(scope.Name))
            {
                errors.Add($"{path}.name: duplicate scope '{scope.Name}'");
            }
        }

        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Clients.Count; i++)
        {
            errors.AddRange(ValidateClient(seed.Clients[i], $"clients[{i}]", defined, clientIds));
        }

        var usernames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < seed.Users.Count; i++)
        {
            if (!usernames.Add(seed.Users[i].Username))
            {
                errors.Add($"users[{i}].username: duplicate username '{seed.Users[i].Username}'");
            }
        }

        return errors;
    }

    private static IEnumerable<string> ValidateClient(SeedClient client, string path, HashSet<string> definedScopes, HashSet<string> clientIds)
    {
        if (client.ClientId.Length > 0 && !clientIds.Add(client.ClientId))
        {
            yield return $"{path}.clientId: duplicate clientId '{client.ClientId}'";
        }

        if (client.Type is not (Confidential or Public))
        {
            yield return $"{path}.type: unknown client type '{client.Type}' (expected confidential or public)";
        }

        if (client.Consent is not (ExplicitConsent or ImplicitConsent))
        {
            yield return $"{path}.consent: unknown consent type '{client.Consent}' (expected explicit or implicit)";
        }

        if (client.Type == Public && !string.IsNullOrEmpty(client.ClientSecret))
        {
            yield return $"{path}.clientSecret: a public client cannot keep a secret; remove it or make the client confidential";
        }

        if (client.Type == Confidential && string.IsNullOrEmpty(client.ClientSecret))
        {
            yield return $"{path}.clientSecret: a confidential client needs a secret";
        }

        for (var g = 0; g < client.GrantTypes.Count; g++)
        {
            var grant = client.GrantTypes[g];
            if (grant is "implicit" or "password")
            {
                yield return $"{path}.grantTypes[{g}]: '{grant}' is not supported: OAuth 2.1 and RFC 9700 removed it; use authorization_code with PKCE";
            }
            else if (!GrantTypes.Contains(grant))
            {
                yield return $"{path}.grantTypes[{g}]: unknown grant type '{grant}' (expected authorization_code, refresh_token or client_credentials)";
            }
            else if (grant == ClientCredentials && client.Type == Public)
            {
                yield return $"{path}.grantTypes[{g}]: a public client cannot use client_credentials";
            }
        }

        if (client.GrantTypes.Count == 0)
        {
            yield return $"{path}.grantTypes: at least one grant type is required";
        }

        if (client.GrantTypes.Contains(RefreshToken) && !client.GrantTypes.Contains(AuthorizationCode))
        {
            yield return $"{path}.grantTypes: refresh_token needs authorization_code (client credentials clients ask for a new token instead)";
        }

        if (client.GrantTypes.Contains(AuthorizationCode) && client.RedirectUris.Count == 0)
        {
            yield return $"{path}.redirectUris: an authorization_code client needs at least one redirect URI";
        }

        foreach (var error in ValidateUris(client.RedirectUris, $"{path}.redirectUris"))
        {
            yield return error;
        }

        foreach (var error in ValidateUris(client.PostLogoutRedirectUris, $"{path}.postLogoutRedirectUris"))
        {
            yield return error;
        }

        for (var s = 0; s < client.Scopes.Count; s++)
        {
            if (!StandardScopes.Contains(client.Scopes[s]) && !definedScopes.Contains(client.Scopes[s]))
            {
                yield return $"{path}.scopes[{s}]: '{client.Scopes[s]}' is neither a standard OpenID Connect scope nor defined in scopes";
            }
        }
    }

    // RFC 9700 §2.1 / §4.1.1 and OAuth 2.1 §7.5: absolute, no fragment, https unless loopback.
    private static IEnumerable<string> ValidateUris(IReadOnlyList<string> uris, string path)
    {
        for (var i = 0; i < uris.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (!Uri.TryCreate(uris[i], UriKind.Absolute, out var uri) || uri.IsFile || uris[i].StartsWith('/'))
            {
                yield return $"{itemPath}: '{uris[i]}' must be an absolute URI";
            }
            else if (uris[i].Contains('#', StringComparison.Ordinal))
            {
                yield return $"{itemPath}: '{uris[i]}' must not contain a fragment (RFC 6749 §3.1.2)";
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                yield return $"{itemPath}: '{uris[i]}' uses plain http on a non-loopback host; use https";
            }
            else if (uri.Scheme is "javascript" or "data" or "vbscript")
            {
                yield return $"{itemPath}: '{uris[i]}' uses a scheme that cannot be a redirect target";
            }
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
