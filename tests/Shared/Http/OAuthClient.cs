using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuthSuite.Testing;

/// <summary>
/// A browser-like client (cookies kept, redirects not followed) that walks the real pages, plus the
/// back-channel calls a confidential client makes. Clients, secrets and the user default to the seed's
/// (<see cref="Seed"/>). Used by the tests (in memory and on real ports) and by the bench's code-flow cases.
/// </summary>
public sealed class OAuthClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>The cookie jar when this client keeps its own (<see cref="ForServer"/>); null when the handler does.</summary>
    public CookieJar? Cookies { get; init; }

    /// <summary>
    /// The redirect URI used when a call does not name one. Tests against a stack on real ports set it to the
    /// DemoClient callback registered in that stack's seed.
    /// </summary>
    public string RedirectUri { get; init; } = Seed.WebClient.RedirectUri!;

    /// <summary>
    /// A client with its own cookie jar over <paramref name="connection"/> (shared by several browsers if wanted), as
    /// the bench drives a server on a real port: redirects not followed, no decompression, a 30 s timeout.
    /// </summary>
    public static OAuthClient ForServer(Uri baseAddress, HttpMessageHandler connection)
    {
        var jar = new CookieJar { InnerHandler = connection };
        return new OAuthClient(new HttpClient(jar, disposeHandler: false)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { { "Accept", "text/html,application/json" } },
        })
        {
            Cookies = jar,
        };
    }

    /// <summary>An RFC 7636 §4.1 verifier (32 random bytes, base64url) and its S256 challenge (§4.2).</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(IDictionary<string, string?> parameters) => QueryHelpers.AddQueryString("/connect/authorize", parameters);

    /// <summary>An authorization request for the seed's web client (or <paramref name="clientId"/>), with every scope it may ask for.</summary>
    public static Dictionary<string, string?> CodeRequest(string challenge, string? clientId = null, string? redirectUri = null,
        string? scope = null, string state = "state-123", string nonce = "nonce-456") => new()
        {
            ["response_type"] = "code",
            ["client_id"] = clientId ?? Seed.WebClient.Id,
            ["redirect_uri"] = redirectUri ?? Seed.WebClient.RedirectUri,
            ["scope"] = scope ?? Seed.WebClient.Scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };

    /// <summary>GET the authorization URL and follow local redirects until a page, or a redirect off this server.</summary>
    public async Task<HttpResponseMessage> FollowAsync(string url, int maxHops = 10, CancellationToken cancellationToken = default)
    {
        var response = await Http.GetAsync(url, cancellationToken);
        return await FollowLocalAsync(response, maxHops, cancellationToken);
    }

    public async Task<HttpResponseMessage> SubmitAsync(HtmlForm form, string? button = null, CancellationToken cancellationToken = default)
    {
        using var content = form.Content(button);
        var response = await Http.PostAsync(form.Action, content, cancellationToken);
        return await FollowLocalAsync(response, 10, cancellationToken);
    }

    /// <summary>From a login page: sign in (as the seed's user unless told otherwise) and follow on (to consent, or to the client's redirect).</summary>
    public async Task<HttpResponseMessage> LoginAsync(HttpResponseMessage loginPage, string? username = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var (form, _) = await HtmlForm.ParseAsync(loginPage);
        return await SubmitAsync(form.Set("username", username ?? Seed.User.Username).Set("password", password ?? Seed.User.Password), cancellationToken: cancellationToken);
    }

    /// <summary>The whole front channel: authorize → login (if needed) → consent (if asked) → the redirect with the code.</summary>
    public Task<Uri> AuthorizeAsync(Dictionary<string, string?> request, bool allow = true, CancellationToken cancellationToken = default) =>
        AuthorizeAsync(AuthorizeUrl(request), allow, cancellationToken);

    /// <summary>As <see cref="AuthorizeAsync(Dictionary{string, string?}, bool, CancellationToken)"/>, from an authorization URL a client library built.</summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, bool allow = true, CancellationToken cancellationToken = default)
    {
        var response = await FollowAsync(authorizeUrl, cancellationToken: cancellationToken);
        if (IsPage(response, "/account/login"))
        {
            response = await LoginAsync(response, cancellationToken: cancellationToken);
        }

        if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("consent_decision", StringComparison.Ordinal))
        {
            var (form, _) = await HtmlForm.ParseAsync(response);
            response = await SubmitAsync(form, allow ? "allow" : "deny", cancellationToken);
        }

        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || response.Headers.Location is null)
        {
            throw new InvalidOperationException(
                $"expected a redirect to the client, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return response.Headers.Location;
    }

    public async Task<(string Code, string Verifier)> GetCodeAsync(string? scope = null)
    {
        var (verifier, challenge) = NewPkce();
        var location = await AuthorizeAsync(CodeRequest(challenge, redirectUri: RedirectUri, scope: scope));
        return (CodeFrom(location), verifier);
    }

    /// <summary>The <c>code</c> of an authorization response; throws with the URL when there is none.</summary>
    public static string CodeFrom(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).TryGetValue("code", out var code) ? code.ToString() : throw new InvalidOperationException($"no code in {location}");

    /// <summary>Redeems a code at the token endpoint as the seed's web client (or <paramref name="clientId"/> with <paramref name="secret"/>).</summary>
    public Task<TokenResponse> RedeemAsync(string code, string verifier, string? clientId = null, string? secret = null, string? redirectUri = null, CancellationToken cancellationToken = default) =>
        TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
        }, clientId ?? Seed.WebClient.Id, secret ?? (clientId is null ? Seed.WebClient.SecretOrNull : null), cancellationToken: cancellationToken);

    public async Task<TokenResponse> LoginAndRedeemAsync(string? scope = null)
    {
        var (code, verifier) = await GetCodeAsync(scope);
        var tokens = await RedeemAsync(code, verifier);
        return tokens.Status == HttpStatusCode.OK ? tokens : throw new InvalidOperationException($"code exchange failed: {(int)tokens.Status} {tokens.Json}");
    }

    public Task<TokenResponse> RefreshAsync(string refreshToken, string? clientId = null, string? secret = null) =>
        TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            clientId ?? Seed.WebClient.Id, secret ?? (clientId is null ? Seed.WebClient.SecretOrNull : null));

    public Task<TokenResponse> ClientCredentialsAsync(string scope = "api.read", string? clientId = null, string? secret = null) =>
        TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = scope },
            clientId ?? Seed.Service.Id, secret ?? (clientId is null ? Seed.Service.SecretOrNull : null));

    /// <summary>POST to a back-channel endpoint with client_secret_post (or Basic when <paramref name="basic"/>); exactly the credentials given.</summary>
    public async Task<TokenResponse> TokenAsync(Dictionary<string, string> form, string? clientId, string? secret, bool basic = false, string endpoint = "/connect/token",
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        if (basic && clientId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret ?? string.Empty)}")));
        }
        else
        {
            if (clientId is not null)
            {
                form["client_id"] = clientId;
            }

            if (secret is not null)
            {
                form["client_secret"] = secret;
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        var response = await Http.SendAsync(request, cancellationToken);
        return await TokenResponse.ReadAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> FollowLocalAsync(HttpResponseMessage response, int maxHops, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < maxHops && IsLocalRedirect(response); hop++)
        {
            var location = response.Headers.Location;
            response.Dispose();
            response = await Http.GetAsync(location, cancellationToken);
        }

        return response;
    }

    /// <summary>A redirect that stays on this server: relative, or to the same scheme, host and port as <see cref="HttpClient.BaseAddress"/>.</summary>
    private bool IsLocalRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found
        && response.Headers.Location is { } location
        && (!location.IsAbsoluteUri || Uri.Compare(location, Http.BaseAddress ?? new Uri("http://localhost/"),
            UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);

    public static bool IsPage(HttpResponseMessage response, string path) =>
        response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath == path;

    public void Dispose() => Http.Dispose();
}

/// <summary>A token-endpoint style JSON response with its status and headers kept for assertions.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
{
    public string? this[string name] => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    public string? Error => this["error"];

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = string.IsNullOrWhiteSpace(body) ? default : JsonDocument.Parse(body).RootElement.Clone();
        return new TokenResponse(response.StatusCode, json, response);
    }
}
