using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;

namespace Bench.Flows;

/// <summary>
/// The whole authorization-code flow as a browser and a confidential client walk it, through the shared
/// <see cref="OAuthClient"/> the tests use: authorize → (login page → sign in) → (consent page → allow) → redirect with
/// the code → code exchanged at the token endpoint with its PKCE verifier. Nothing is short-circuited.
/// </summary>
internal static class CodeFlow
{
    public sealed record Tokens(string AccessToken, string? RefreshToken);

    /// <summary>The web client's scopes the bench asks for: identity, refresh and the API (no e-mail claim).</summary>
    private static readonly string Scope = string.Join(' ', Seed.WebClient.Scopes
        .Where(s => s is "openid" or "profile" or "offline_access" || s.StartsWith("api.", StringComparison.Ordinal)));

    /// <summary>A new browser on <paramref name="server"/> over its own connection (<paramref name="connections"/> at most).</summary>
    public static OAuthClient NewBrowser(Uri server, int connections = 1) => OAuthClient.ForServer(server, new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        AutomaticDecompression = DecompressionMethods.None,
    });

    /// <param name="browser">With a live session cookie the login step is skipped.</param>
    /// <param name="askConsent"><c>prompt=consent</c>: show the consent page even though consent was given before.</param>
    public static async Task<Tokens> RunAsync(OAuthClient browser, bool askConsent, CancellationToken cancellationToken)
    {
        var (verifier, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge, scope: Scope,
            state: Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(8)), nonce: Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(8)));
        if (askConsent)
        {
            request["prompt"] = "consent";
        }

        var code = OAuthClient.CodeFrom(await browser.AuthorizeAsync(request, cancellationToken: cancellationToken));
        var tokens = await browser.RedeemAsync(code, verifier, cancellationToken: cancellationToken);
        if (tokens.Status != HttpStatusCode.OK || tokens["access_token"] is not { } accessToken)
        {
            throw new InvalidOperationException($"code exchange failed: {(int)tokens.Status} {tokens.Json}");
        }

        return new Tokens(accessToken, tokens["refresh_token"]);
    }

    /// <summary>Disposes the browsers' clients and the connection each one owns.</summary>
    public static void Dispose(IEnumerable<OAuthClient> browsers)
    {
        foreach (var browser in browsers)
        {
            browser.Dispose();
            browser.Cookies?.InnerHandler?.Dispose();
        }
    }
}
