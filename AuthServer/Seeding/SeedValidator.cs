using System.Net;
using System.Net.Mail;
using AuthServer.Clients;

namespace AuthServer.Seeding;

/// <summary>The rules a parsed seed must satisfy before anything is written; every error names its JSON path.</summary>
internal static class SeedValidator
{
    public const string ExplicitConsent = "explicit";
    public const string ImplicitConsent = "implicit";
    public const string Confidential = "confidential";
    public const string Public = "public";
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";

    /// <summary>RFC 8628 §3.4: the device authorization grant's registered name.</summary>
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>Scopes that OpenID Connect Core defines (§5.4, §11); clients may use them without a definition.</summary>
    public static readonly IReadOnlySet<string> StandardScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "openid", "profile", "email", "address", "phone", "offline_access",
    };

    private static readonly HashSet<string> GrantTypes = new(StringComparer.Ordinal) { AuthorizationCode, RefreshToken, ClientCredentials, DeviceCode };

    public static IEnumerable<string> Validate(SeedDocument seed)
    {
        var errors = new List<string>();
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scope in seed.Scopes)
        {
            errors.AddRange(ValidateScope(scope, scopes));
        }

        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var client in seed.Clients)
        {
            errors.AddRange(ValidateClient(client, scopes, clientIds));
        }

        // Identity compares user names case-insensitively (through their normalized form).
        var usernames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in seed.Users)
        {
            errors.AddRange(ValidateUser(user, usernames));
        }

        return errors;
    }

    private static IEnumerable<string> ValidateScope(SeedScope scope, Dictionary<string, string> defined)
    {
        var path = $"{scope.Path}.name";
        if (scope.Name.Length == 0)
        {
            yield break;
        }

        if (StandardScopes.Contains(scope.Name))
        {
            yield return $"{path}: {SeedJson.Quote(scope.Name)} is a standard OpenID Connect scope and cannot be redefined";
        }
        else if (!scope.Name.All(IsScopeCharacter))
        {
            yield return $"{path}: {SeedJson.Quote(scope.Name)} may only contain printable ASCII other than space, \" and \\ (RFC 6749 §3.3)";
        }
        else if (!defined.TryAdd(scope.Name, scope.Path))
        {
            yield return $"{path}: duplicate scope {SeedJson.Quote(scope.Name)} (also defined at {defined[scope.Name]})";
        }
    }

    private static IEnumerable<string> ValidateClient(SeedClient client, Dictionary<string, string> definedScopes, Dictionary<string, string> clientIds)
    {
        var path = client.Path;
        if (!client.ClientId.All(c => c is >= ' ' and <= '~'))
        {
            yield return $"{path}.clientId: {SeedJson.Quote(client.ClientId)} may only contain printable ASCII (RFC 6749 Appendix A.1)";
        }
        else if (client.ClientId.Length > 0 && !clientIds.TryAdd(client.ClientId, path))
        {
            yield return $"{path}.clientId: duplicate clientId {SeedJson.Quote(client.ClientId)} (also used at {clientIds[client.ClientId]})";
        }

        if (client.Type is not (Confidential or Public))
        {
            yield return $"{path}.type: unknown client type {SeedJson.Quote(client.Type)} (expected confidential or public)";
        }

        if (client.Consent is not (ExplicitConsent or ImplicitConsent))
        {
            yield return $"{path}.consent: unknown consent type {SeedJson.Quote(client.Consent)} (expected explicit or implicit)";
        }

        // RFC 6749 §2.1: a public client cannot keep a credential confidential, so it must not be given one.
        if (client.Type == Public && client.ClientSecret is not null)
        {
            yield return $"{path}.clientSecret: a public client cannot keep a secret; remove it or make the client confidential";
        }

        if (client.Type == Confidential && client.ClientSecret is null)
        {
            yield return $"{path}.clientSecret: a confidential client needs a secret";
        }

        foreach (var error in ValidateGrantTypes(client))
        {
            yield return error;
        }

        if (client.GrantTypes.Contains(AuthorizationCode) && client.RedirectUris.Count == 0)
        {
            yield return $"{path}.redirectUris: an authorization_code client needs at least one redirect URI";
        }

        foreach (var error in ValidateUris(client, client.RedirectUris, $"{path}.redirectUris", redirect: true))
        {
            yield return error;
        }

        foreach (var error in ValidateUris(client, client.PostLogoutRedirectUris, $"{path}.postLogoutRedirectUris", redirect: false))
        {
            yield return error;
        }

        foreach (var error in SeedTokenLifetimes.Validate(client))
        {
            yield return error;
        }

        foreach (var error in ValidateOrigins(client.AllowedOrigins, $"{path}.allowedOrigins"))
        {
            yield return error;
        }

        for (var i = 0; i < client.Scopes.Count; i++)
        {
            if (!StandardScopes.Contains(client.Scopes[i]) && !definedScopes.ContainsKey(client.Scopes[i]))
            {
                yield return $"{path}.scopes[{i}]: {SeedJson.Quote(client.Scopes[i])} is neither a standard OpenID Connect scope nor defined in scopes";
            }
        }
    }

    private static IEnumerable<string> ValidateGrantTypes(SeedClient client)
    {
        var path = $"{client.Path}.grantTypes";
        if (client.GrantTypes.Count == 0)
        {
            yield return $"{path}: at least one grant type is required";
        }

        for (var i = 0; i < client.GrantTypes.Count; i++)
        {
            var grant = client.GrantTypes[i];
            if (grant is "implicit" or "password")
            {
                yield return $"{path}[{i}]: {SeedJson.Quote(grant)} is not supported: OAuth 2.1 and RFC 9700 (§2.1.2, §2.4) removed it; use authorization_code with PKCE";
            }
            else if (grant is "device_code" or "device")
            {
                yield return $"{path}[{i}]: {SeedJson.Quote(grant)} is not a grant type name; the device flow's is {SeedJson.Quote(DeviceCode)} (RFC 8628 §3.4)";
            }
            else if (!GrantTypes.Contains(grant))
            {
                yield return $"{path}[{i}]: unknown grant type {SeedJson.Quote(grant)} (expected authorization_code, refresh_token, client_credentials or {DeviceCode})";
            }
            else if (grant == ClientCredentials && client.Type == Public)
            {
                yield return $"{path}[{i}]: a public client cannot use client_credentials: it has no credentials to present (RFC 6749 §4.4)";
            }
        }

        if (client.GrantTypes.Contains(RefreshToken) && !client.GrantTypes.Contains(AuthorizationCode) && !client.GrantTypes.Contains(DeviceCode))
        {
            yield return $"{path}: refresh_token needs authorization_code or {DeviceCode} (a client_credentials client asks for a new token instead, RFC 6749 §4.4.3)";
        }
    }

    // RFC 6749 §3.1.2 (absolute, no fragment), RFC 9700 §2.1 and RFC 8252 §7.3 (https, or http only on loopback),
    // RFC 8252 §7.1 (private-use schemes, for native apps).
    private static IEnumerable<string> ValidateUris(SeedClient client, IReadOnlyList<string> uris, string path, bool redirect)
    {
        for (var i = 0; i < uris.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var text = uris[i];

            // On Unix "/callback" parses as an absolute file: URI; a redirect target never is one.
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile || text.StartsWith('/'))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} must be an absolute URI";
            }
            else if (text.Contains('#', StringComparison.Ordinal))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} must not contain a fragment (RFC 6749 §3.1.2)";
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} uses plain http on a non-loopback host; use https (RFC 9700 §2.6)";
            }
            else if (uri.Scheme is "javascript" or "data" or "vbscript" or "blob")
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} uses a scheme that cannot be a redirect target";
            }
            else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                foreach (var error in ValidatePrivateUseScheme(client, uri, text, itemPath))
                {
                    yield return error;
                }
            }
            else if (redirect && uri.Scheme == Uri.UriSchemeHttp && !HasExplicitPort(text))
            {
                foreach (var error in ValidatePortlessLoopback(client, text, itemPath))
                {
                    yield return error;
                }
            }
        }
    }

    // RFC 6454 §6.2: a browser sends the serialized origin (lower-case scheme and host, no default port, no path) and
    // CORS compares it as a string, so only that exact form can ever match; anything else is a mistake to report.
    private static IEnumerable<string> ValidateOrigins(IReadOnlyList<string> origins, string path)
    {
        for (var i = 0; i < origins.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var text = origins[i];
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || text.StartsWith('/'))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} must be an origin, written scheme://host[:port] with http or https";
            }
            else if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith('/'))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} must be an origin only, without a path, query or trailing slash: {SeedJson.Quote(SerializedOrigin(uri))}";
            }
            else if (!string.Equals(text, SerializedOrigin(uri), StringComparison.Ordinal))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} must be written as a browser sends it (lower case, no default port): {SeedJson.Quote(SerializedOrigin(uri))}";
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                yield return $"{itemPath}: {SeedJson.Quote(text)} uses plain http on a non-loopback host; use https (RFC 9700 §2.6)";
            }
        }
    }

    private static string SerializedOrigin(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }

    // RFC 8252 §7.1: a reverse domain name the app's publisher controls, so that apps do not claim each other's
    // scheme; any app can register one, so only a client that proves itself with PKCE alone may use it (§8.5).
    private static IEnumerable<string> ValidatePrivateUseScheme(SeedClient client, Uri uri, string text, string itemPath)
    {
        if (!uri.Scheme.Contains('.', StringComparison.Ordinal))
        {
            yield return $"{itemPath}: {SeedJson.Quote(text)} uses a private-use scheme that is not a reverse domain name; use one the app owns, such as com.example.app:/callback (RFC 8252 §7.1)";
        }

        if (client.Type == Confidential)
        {
            yield return $"{itemPath}: {SeedJson.Quote(text)} uses a private-use URI scheme, which is for native apps; a native app cannot keep a secret, so register it as a public client (RFC 8252 §7.1, §8.5), or redirect a confidential client to https";
        }
    }

    // RFC 8252 §7.3: http on loopback without a port means "any port", for native apps that listen on an ephemeral
    // one. Only the IP literals carry that meaning: "localhost" may resolve elsewhere (§8.3).
    private static IEnumerable<string> ValidatePortlessLoopback(SeedClient client, string text, string itemPath)
    {
        if (!NativeRedirectUris.IsPortlessLoopback(text))
        {
            yield return $"{itemPath}: {SeedJson.Quote(text)} has no port; a loopback redirect URI without a port (any port, RFC 8252 §7.3) must be written exactly http://127.0.0.1/… or http://[::1]/… ('localhost' may resolve elsewhere, §8.3); otherwise give the exact port";
        }
        else if (client.Type == Confidential)
        {
            yield return $"{itemPath}: {SeedJson.Quote(text)} has no port, which accepts any loopback port (RFC 8252 §7.3) and is for native apps, which are public clients (§8.5); a confidential client must register its exact port";
        }
    }

    // The authority as written: "http://[::1]:8080/x" has a port, "http://[::1]/x" has none.
    private static bool HasExplicitPort(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = text.IndexOfAny(['/', '?', '#'], start);
        var authority = text[start..(end < 0 ? text.Length : end)];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var host = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) + 1 : 0;
        return authority.IndexOf(':', host) >= 0;
    }

    private static IEnumerable<string> ValidateUser(SeedUser user, Dictionary<string, string> usernames)
    {
        if (user.Username.Length > 0 && !usernames.TryAdd(user.Username, user.Path))
        {
            yield return $"{user.Path}.username: duplicate username {SeedJson.Quote(user.Username)} (also used at {usernames[user.Username]}; user names ignore case)";
        }

        // Identity only checks e-mail addresses when unique ones are required; a typo would otherwise be stored.
        if (user.Email is { } email && !(MailAddress.TryCreate(email, out var address) && address.Address == email))
        {
            yield return $"{user.Path}.email: {SeedJson.Quote(email)} is not an e-mail address";
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    // RFC 6749 Appendix A.4 NQCHAR: %x21 / %x23-5B / %x5D-7E.
    private static bool IsScopeCharacter(char c) => c is '!' or (>= '#' and <= '[') or (>= ']' and <= '~');
}
