using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Bench.Flows;

/// <summary>
/// The whole authorization-code flow as a browser and a confidential client walk it: authorize → (login page → sign
/// in) → (consent page → allow) → redirect with the code → code exchanged at the token endpoint with its PKCE
/// verifier. Each step is the real page or endpoint; nothing is short-circuited.
/// </summary>
internal sealed class CodeFlow(SeedFacts seed)
{
    public sealed record Tokens(string AccessToken, string? RefreshToken);

    /// <param name="session">The browser; with a live session cookie the login step is skipped.</param>
    /// <param name="askConsent"><c>prompt=consent</c>: show the consent page even though consent was given before.</param>
    public async Task<Tokens> RunAsync(BrowserSession session, bool askConsent, CancellationToken cancellationToken)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = seed.WebClientId,
            ["redirect_uri"] = seed.RedirectUri,
            ["scope"] = seed.WebScope,
            ["state"] = Base64Url(RandomNumberGenerator.GetBytes(8)),
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(8)),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        if (askConsent)
        {
            query["prompt"] = "consent";
        }

        var code = await FrontChannelAsync(session, QueryHelpers.AddQueryString("/connect/authorize", query), cancellationToken);
        return await RedeemAsync(session.Http, code, verifier, cancellationToken);
    }

    private async Task<string> FrontChannelAsync(BrowserSession session, string authorizeUrl, CancellationToken cancellationToken)
    {
        var response = await session.GetAsync(authorizeUrl, cancellationToken);
        try
        {
            for (var step = 0; step < 10; step++)
            {
                var next = await NextAsync(session, response, cancellationToken);
                if (next.Code is not null)
                {
                    return next.Code;
                }

                response.Dispose();
                response = next.Response!;
            }
        }
        finally
        {
            response.Dispose();
        }

        throw new InvalidOperationException("too many steps before the code");
    }

    /// <summary>One browser step: follow a local redirect, fill in the login form, or allow on the consent page.</summary>
    private async Task<(string? Code, HttpResponseMessage? Response)> NextAsync(BrowserSession session, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString;
            if (target.StartsWith(seed.RedirectUri, StringComparison.Ordinal))
            {
                var parameters = QueryHelpers.ParseQuery(new Uri(target).Query);
                return parameters.TryGetValue("code", out var code)
                    ? (code.ToString(), null)
                    : throw new InvalidOperationException($"redirected without a code: {target}");
            }

            return (null, await session.GetAsync(target, cancellationToken));
        }

        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var form = (response.StatusCode == HttpStatusCode.OK ? HtmlForm.Parse(html) : null)
            ?? throw new InvalidOperationException($"unexpected page: {BrowserSession.Describe(response, html)}");
        if (form.Action.StartsWith("/account/login", StringComparison.Ordinal))
        {
            form.Set("username", seed.Username).Set("password", seed.Password);
            return (null, await session.PostFormAsync(form.Action, form.Submit(), cancellationToken));
        }

        if (html.Contains("consent_decision", StringComparison.Ordinal))
        {
            return (null, await session.PostFormAsync(form.Action, form.Submit("allow"), cancellationToken));
        }

        throw new InvalidOperationException($"unexpected form: {BrowserSession.Describe(response, html)}");
    }

    private async Task<Tokens> RedeemAsync(HttpClient http, string code, string verifier, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = seed.RedirectUri,
            ["client_id"] = seed.WebClientId,
            ["client_secret"] = seed.WebSecret,
        });
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"code exchange failed: {BrowserSession.Describe(response, body)}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new Tokens(root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
