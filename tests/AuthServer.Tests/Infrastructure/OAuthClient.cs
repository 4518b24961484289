using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// A browser-like client (cookies kept, redirects not followed) that walks the real pages, plus the
/// back-channel calls a confidential client makes.
/// </summary>
public sealed class OAuthClient(HttpClient http) : IDisposable
{
    public const string DemoClient = "demo-client";
    public const string DemoClientSecret = "demo-client-secret";
    public const string DemoRedirect = "http://localhost:5300/callback";
    public const string DemoService = "demo-service";
    public const string DemoServiceSecret = "demo-service-secret";
    public const string Alice = "alice";
    public const string AlicePassword = "Pass123$";

    public HttpClient Http { get; } = http;

    /// <summary>
    /// The redirect URI used when a call does not name one. Tests against a stack on real ports set it to the
    /// DemoClient callback registered in that stack's seed.
    /// </summary>
    public string RedirectUri { get; init; } = DemoRedirect;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string AuthorizeUrl(IDictionary<string, string?> parameters) => QueryHelpers.AddQueryString("/connect/authorize", parameters);

    public static Dictionary<string, string?> CodeRequest(string challenge, string clientId = DemoClient, string redirectUri = DemoRedirect,
        string scope = "openid profile email offline_access api.read", string state = "state-123", string nonce = "nonce-456") => new()
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };

    /// <summary>GET the authorization URL and follow local redirects until a page, or a redirect off this server.</summary>
    public async Task<HttpResponseMessage> FollowAsync(string url, int maxHops = 10)
    {
        var response = await Http.GetAsync(url);
        for (var hop = 0; hop < maxHops && IsLocalRedirect(response); hop++)
        {
            response = await Http.GetAsync(response.Headers.Location);
        }

        return response;
    }

    public async Task<HttpResponseMessage> SubmitAsync(HtmlForm form, string? button = null)
    {
        var response = await Http.PostAsync(form.Action, form.Content(button));
        for (var hop = 0; hop < 10 && IsLocalRedirect(response); hop++)
        {
            response = await Http.GetAsync(response.Headers.Location);
        }

        return response;
    }

    /// <summary>From a login page: sign in and follow on (to consent, or to the client's redirect).</summary>
    public async Task<HttpResponseMessage> LoginAsync(HttpResponseMessage loginPage, string username = Alice, string password = AlicePassword)
    {
        var (form, _) = await HtmlForm.ParseAsync(loginPage);
        return await SubmitAsync(form.Set("username", username).Set("password", password));
    }

    /// <summary>The whole front channel: authorize → login (if needed) → consent (if asked) → the redirect with the code.</summary>
    public Task<Uri> AuthorizeAsync(Dictionary<string, string?> request, bool allow = true) => AuthorizeAsync(AuthorizeUrl(request), allow);

    /// <summary>As <see cref="AuthorizeAsync(Dictionary{string, string?}, bool)"/>, from an authorization URL a client library built.</summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, bool allow = true)
    {
        var response = await FollowAsync(authorizeUrl);
        if (IsPage(response, "/account/login"))
        {
            response = await LoginAsync(response);
        }

        if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("consent_decision", StringComparison.Ordinal))
        {
            var (form, _) = await HtmlForm.ParseAsync(response);
            response = await SubmitAsync(form, allow ? "allow" : "deny");
        }

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
            $"expected a redirect to the client, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    public async Task<(string Code, string Verifier)> GetCodeAsync(string scope = "openid profile email offline_access api.read")
    {
        var (verifier, challenge) = NewPkce();
        var location = await AuthorizeAsync(CodeRequest(challenge, redirectUri: RedirectUri, scope: scope));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.True(query.ContainsKey("code"), $"no code in {location}");
        return (query["code"]!, verifier);
    }

    public Task<TokenResponse> RedeemAsync(string code, string verifier, string clientId = DemoClient, string? secret = DemoClientSecret, string? redirectUri = null) =>
        TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
        }, clientId, secret);

    public async Task<TokenResponse> LoginAndRedeemAsync(string scope = "openid profile email offline_access api.read")
    {
        var (code, verifier) = await GetCodeAsync(scope);
        var tokens = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    public Task<TokenResponse> RefreshAsync(string refreshToken, string clientId = DemoClient, string? secret = DemoClientSecret) =>
        TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, clientId, secret);

    public Task<TokenResponse> ClientCredentialsAsync(string scope = "api.read", string clientId = DemoService, string? secret = DemoServiceSecret) =>
        TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = scope }, clientId, secret);

    /// <summary>POST to a back-channel endpoint with client_secret_post (or Basic when <paramref name="basic"/>).</summary>
    public async Task<TokenResponse> TokenAsync(Dictionary<string, string> form, string? clientId, string? secret, bool basic = false, string endpoint = "/connect/token")
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
        var response = await Http.SendAsync(request);
        return await TokenResponse.ReadAsync(response);
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

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrWhiteSpace(body) ? default : JsonDocument.Parse(body).RootElement.Clone();
        return new TokenResponse(response.StatusCode, json, response);
    }
}
