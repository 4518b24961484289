using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DemoClient.Recording;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;

namespace DemoClient.Protocol;

/// <summary>
/// Step 2: an authorization request waiting for its callback. State, nonce and PKCE verifier stay on this server
/// (never in the browser) until the callback is checked against them.
/// </summary>
public sealed record PendingAuthorization(
    Uri Url,
    IReadOnlyList<Field> Parameters,
    string State,
    string Nonce,
    string CodeVerifier,
    Uri RedirectUri,
    DateTimeOffset CreatedAt)
{
    /// <summary>How long the user has to sign in and consent before the request is forgotten.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
}

public sealed partial class OAuthFlow
{
    /// <summary>Step 2: a fresh state, nonce and PKCE pair, and the authorization URL that carries them.</summary>
    public PendingAuthorization BeginAuthorization(AuthServerMetadata metadata)
    {
        // 256 bits each, from the OS's CSPRNG: unguessable (RFC 6749 §10.10, RFC 7636 §7.1).
        var state = CryptoRandom.CreateUniqueId(32);
        var nonce = CryptoRandom.CreateUniqueId(32);
        var verifier = CryptoRandom.CreateUniqueId(32);

        // S256 only: "plain" would put the verifier itself in the browser's URL (RFC 7636 §4.2, RFC 9700 §2.1.1).
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var url = new RequestUrl(metadata.AuthorizationEndpoint.AbsoluteUri).CreateAuthorizeUrl(
            clientId: Options.Auth.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: Options.Auth.Scope,
            redirectUri: Options.Site.RedirectUri.AbsoluteUri,
            state: state,
            nonce: nonce,
            codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);

        // The table shows the URL as sent, parsed back, so it cannot disagree with what the browser gets.
        var uri = new Uri(url);
        var parameters = QueryHelpers.ParseQuery(uri.Query)
            .SelectMany(p => p.Value, (p, value) => new Field(p.Key, value ?? string.Empty, Note: ParameterNote(p.Key)))
            .ToList();
        return new PendingAuthorization(uri, parameters, state, nonce, verifier, Options.Site.RedirectUri, clock.GetUtcNow());
    }

    private static string? ParameterNote(string name) => name switch
    {
        "state" => "Not a secret, but single-use: it binds the callback to this browser session (CSRF, RFC 6749 §10.12).",
        "nonce" => "Not a secret; it comes back inside the ID token and ties that token to this request (OIDC Core §3.1.2.1).",
        "code_challenge" => "SHA-256 of the verifier, which never leaves this server until the token request.",
        _ => null,
    };
}
