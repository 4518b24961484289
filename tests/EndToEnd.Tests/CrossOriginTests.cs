using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace EndToEnd.Tests;

/// <summary>
/// CORS for browser apps, over real loopback HTTP: the AuthServer answers only origins registered for a client
/// (seed <c>allowedOrigins</c>), only on the endpoints a browser app calls, and never on the authorization endpoint
/// or its pages (docs/security-checklist.md R7); a token request is accepted only from an origin registered for its client; the
/// ResourceApi answers its <c>Cors:AllowedOrigins</c>. The stack's seed registers the DemoClient's origin for demo-spa.
/// </summary>
public sealed class CrossOriginTests(StackFixture fixture) : IClassFixture<StackFixture>, IDisposable
{
    private const string SpaClient = "demo-spa";
    private const string SpaScope = "openid profile offline_access api.read";
    private const string Unregistered = "https://elsewhere.example";

    private readonly HttpClient _auth = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Stack.AuthServer };
    private readonly HttpClient _api = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Stack.ResourceApi };

    private Stack Stack => fixture.Stack;

    private string SpaOrigin => Stack.DemoClientOrigin;

    private string SpaRedirect => new Uri(Stack.DemoClient, "spa/callback").AbsoluteUri;

    public static TheoryData<string, string> BrowserEndpoints => new()
    {
        { "POST", "/connect/token" },
        { "GET", "/connect/userinfo" },
        { "POST", "/connect/revoke" },
        { "GET", "/.well-known/openid-configuration" },
        { "GET", "/.well-known/jwks" },
        { "GET", "/connect/endsession" },
    };

    [Theory]
    [MemberData(nameof(BrowserEndpoints))]
    public async Task Preflight_IsAnsweredAndCached_ForARegisteredOrigin(string method, string path)
    {
        using var response = await PreflightAsync(_auth, path, SpaOrigin, method, "authorization");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SpaOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
        // Cookies never ride along: a browser app proves itself with PKCE and bearer tokens only.
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [MemberData(nameof(BrowserEndpoints))]
    public async Task Preflight_GetsNoCorsHeaders_ForAnUnregisteredOrigin(string method, string path)
    {
        using var response = await PreflightAsync(_auth, path, Unregistered, method, "authorization");

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError);
        AssertNoCorsHeaders(response);
    }

    [Fact]
    public async Task Discovery_AllowsARegisteredOrigin_AndNoOther()
    {
        using var registered = await SendAsync(_auth, HttpMethod.Get, "/.well-known/openid-configuration", SpaOrigin);
        using var unregistered = await SendAsync(_auth, HttpMethod.Get, "/.well-known/openid-configuration", Unregistered);

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(SpaOrigin, Header(registered, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", registered.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, unregistered.StatusCode);
        AssertNoCorsHeaders(unregistered);
    }

    [Fact]
    public async Task PublicClient_RedeemsCodeRefreshesAndCallsUserInfo_FromItsRegisteredOrigin()
    {
        var (code, verifier) = await SpaCodeAsync();

        using var redeemed = await TokenAsync(SpaOrigin, Redeem(code, verifier));
        var tokens = await Json(redeemed);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(SpaOrigin, Header(redeemed, "Access-Control-Allow-Origin"));

        using var userInfo = await SendAsync(_auth, HttpMethod.Get, "/connect/userinfo", SpaOrigin, tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        Assert.Equal(SpaOrigin, Header(userInfo, "Access-Control-Allow-Origin"));

        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        using var refreshed = await TokenAsync(SpaOrigin, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = SpaClient });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(SpaOrigin, Header(refreshed, "Access-Control-Allow-Origin"));
        Assert.NotEqual(refreshToken, (await Json(refreshed)).GetProperty("refresh_token").GetString()); // rotated
    }

    [Fact]
    public async Task Token_RefusesCode_FromAnUnregisteredOrigin_WithoutRedeemingIt()
    {
        var (code, verifier) = await SpaCodeAsync();

        using var refused = await TokenAsync(Unregistered, Redeem(code, verifier));
        var error = await Json(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Contains("Origin", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        AssertNoCorsHeaders(refused);

        // The refusal came before the code was looked at: the page it was meant for can still redeem it.
        using var redeemed = await TokenAsync(SpaOrigin, Redeem(code, verifier));
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
    }

    [Fact]
    public async Task Token_RefusesRequest_FromAnOriginRegisteredForAnotherClient()
    {
        // demo-service authenticates correctly, but the request comes from demo-spa's page.
        using var refused = await TokenAsync(SpaOrigin, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "api.read",
            ["client_id"] = Seed.Service.Id,
            ["client_secret"] = Seed.Service.Secret,
        });
        var error = await Json(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
        // The origin is registered (for demo-spa), so its page may read why it was refused.
        Assert.Equal(SpaOrigin, Header(refused, "Access-Control-Allow-Origin"));

        // A wrong secret is still invalid_client, whatever the origin: the origin check comes after authentication.
        using var wrongSecret = await TokenAsync(SpaOrigin, new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Seed.Service.Id,
            ["client_secret"] = "wrong",
        });
        Assert.Equal("invalid_client", (await Json(wrongSecret)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_StillServesBackends_ThatSendNoOrigin()
    {
        using var response = await TokenAsync(origin: null, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "api.read",
            ["client_id"] = Seed.Service.Id,
            ["client_secret"] = Seed.Service.Secret,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoCorsHeaders(response);
    }

    [Fact]
    public async Task R7_AuthorizationEndpointAndItsPages_NeverSendCorsHeaders()
    {
        var (_, challenge) = OAuthClient.NewPkce();
        var authorize = OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, SpaClient, SpaRedirect, SpaScope));

        using var get = await SendAsync(_auth, HttpMethod.Get, authorize, SpaOrigin);
        using var preflight = await PreflightAsync(_auth, authorize, SpaOrigin, "GET", "authorization");
        using var post = await SendAsync(_auth, HttpMethod.Post, "/connect/authorize", SpaOrigin);
        using var login = await SendAsync(_auth, HttpMethod.Get, get.Headers.Location?.OriginalString ?? "/account/login", SpaOrigin);
        using var error = await SendAsync(_auth, HttpMethod.Get, "/connect/authorize?client_id=nobody", SpaOrigin);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode); // to the login page
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode); // the error page
        foreach (var response in new[] { get, preflight, post, login, error })
        {
            AssertNoCorsHeaders(response);
        }
    }

    [Fact]
    public async Task ResourceApi_AnswersPreflightAndCall_ForItsConfiguredOrigin()
    {
        using var issued = await TokenAsync(origin: null, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "api.read",
            ["client_id"] = Seed.Service.Id,
            ["client_secret"] = Seed.Service.Secret,
        });
        var tokens = await Json(issued);

        using var preflight = await PreflightAsync(_api, "/api/me", SpaOrigin, "GET", "authorization");
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(SpaOrigin, Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Header(preflight, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("3600", Header(preflight, "Access-Control-Max-Age"));

        using var call = await SendAsync(_api, HttpMethod.Get, "/api/data", SpaOrigin, tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(SpaOrigin, Header(call, "Access-Control-Allow-Origin"));
        Assert.False(call.Headers.Contains("Access-Control-Allow-Credentials"));

        // Without a token the page can still read why: WWW-Authenticate is exposed (RFC 6750 §3).
        using var unauthorized = await SendAsync(_api, HttpMethod.Get, "/api/me", SpaOrigin);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("WWW-Authenticate", Header(unauthorized, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ResourceApi_SendsNoCorsHeaders_ToAnotherOrigin()
    {
        using var preflight = await PreflightAsync(_api, "/api/me", Unregistered, "GET", "authorization");
        using var call = await SendAsync(_api, HttpMethod.Get, "/api/me", Unregistered);

        AssertNoCorsHeaders(preflight);
        AssertNoCorsHeaders(call);
    }

    public void Dispose()
    {
        _auth.Dispose();
        _api.Dispose();
    }

    private async Task<(string Code, string Verifier)> SpaCodeAsync()
    {
        using var browser = new OAuthClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Stack.AuthServer });
        var (verifier, challenge) = OAuthClient.NewPkce();
        var location = await browser.AuthorizeAsync(OAuthClient.CodeRequest(challenge, SpaClient, SpaRedirect, SpaScope));
        Assert.StartsWith(SpaRedirect, location.AbsoluteUri, StringComparison.Ordinal);
        return (QueryHelpers.ParseQuery(location.Query)["code"]!, verifier);
    }

    private Dictionary<string, string> Redeem(string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["code_verifier"] = verifier,
        ["redirect_uri"] = SpaRedirect,
        ["client_id"] = SpaClient,
    };

    private async Task<HttpResponseMessage> TokenAsync(string? origin, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _auth.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string origin, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    /// <summary>What a browser sends before a cross-origin request with an Authorization header (Fetch §4.8).</summary>
    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string path, string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await client.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : $"(no {name} header)";

    private static void AssertNoCorsHeaders(HttpResponseMessage response)
    {
        var cors = response.Headers.Select(h => h.Key).Where(name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(cors.Count == 0, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered with {string.Join(", ", cors)}");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
