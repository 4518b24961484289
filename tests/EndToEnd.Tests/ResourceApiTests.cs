using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthServer.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace EndToEnd.Tests;

/// <summary>
/// The ResourceApi against the real AuthServer over loopback HTTP: scopes (docs/security-checklist.md T5), RFC 6750 errors (T8),
/// RFC 9068 token checks (T4, T6, T7). One stack for the class; every test gets its own tokens.
/// </summary>
public sealed class ResourceApiTests(ResourceApiTests.Fixture fixture) : IClassFixture<ResourceApiTests.Fixture>
{
    public sealed class Fixture : StackFixture
    {
        private readonly Lazy<Task<TokenResponse>> _userTokens;

        public Fixture() => _userTokens = new(LoginAsync);

        protected override StackOptions Options => new(StartDemoClient: false);

        /// <summary>alice's tokens from one real login (authorize, login form, consent, code + PKCE exchange).</summary>
        public Task<TokenResponse> UserTokensAsync() => _userTokens.Value;

        private async Task<TokenResponse> LoginAsync()
        {
            using var browser = Stack.CreateOAuthClient();
            return await browser.LoginAndRedeemAsync();
        }
    }

    private Stack Stack => fixture.Stack;

    private static readonly string[] ExpectedPaths = ["/api/me", "/api/data"];

    // ---- Scopes (T5) ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Data_Returns200_ForClientCredentialsTokenWithApiRead()
    {
        var token = await ServiceTokenAsync("api.read");

        using var response = await GetAsync("/api/data", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task Data_StoresPostedItem_WithApiWrite()
    {
        var token = await ServiceTokenAsync("api.read api.write");
        var title = $"item-{Guid.NewGuid():N}";

        using var posted = await PostAsync("/api/data", token, JsonContent.Create(new { title, content = "hello" }));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        AssertApiHeaders(posted);
        var item = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, item.GetProperty("title").GetString());
        Assert.Equal(Seed.Service.Id, item.GetProperty("createdBy").GetString());

        using var listed = await GetAsync("/api/data", token);
        var items = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
        Assert.Contains(items, i => i.GetProperty("title").GetString() == title);
    }

    [Fact]
    [Trait("Security", "T5")]
    public async Task Data_Returns403InsufficientScope_WhenPostingWithOnlyApiRead()
    {
        var token = await ServiceTokenAsync("api.read");

        using var response = await PostAsync("/api/data", token, JsonContent.Create(new { title = "nope" }));

        await AssertForbiddenAsync(response, "The token lacks the scope this resource needs: api.write.", scope: "api.write");
    }

    [Fact]
    [Trait("Security", "T5")]
    public async Task Me_Returns403_ForClientCredentialsToken()
    {
        // sub == client_id: a client acting for itself has no user to describe, whatever its scopes.
        var token = await ServiceTokenAsync("api.read api.write");

        using var response = await GetAsync("/api/me", token);

        await AssertForbiddenAsync(response, "This resource needs a token issued to a user; a client acting for itself cannot use it.", scope: null);
    }

    [Fact]
    public async Task Me_ReturnsUsersClaims_ForUserToken()
    {
        var tokens = await fixture.UserTokensAsync();
        var accessToken = tokens["access_token"]!;
        var idToken = tokens["id_token"]!;
        Assert.Equal("at+jwt", Jwt.Header(accessToken).GetProperty("typ").GetString());

        using var response = await GetAsync("/api/me", accessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertApiHeaders(response);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Jwt.Payload(idToken).GetProperty("sub").GetString(), me.GetProperty("sub").GetString());
        Assert.NotEqual(Seed.WebClient.Id, me.GetProperty("sub").GetString());
        Assert.Equal(Seed.WebClient.Id, me.GetProperty("client_id").GetString());
        Assert.Equal(Seed.User.Username, me.GetProperty("preferred_username").GetString());
        Assert.Equal(Seed.User.Email, me.GetProperty("email").GetString());
        Assert.Equal("Alice Example", me.GetProperty("name").GetString());
        string[] granted = ["api.read", "email", "offline_access", "openid", "profile"];
        Assert.Equal(granted, me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));

        // RFC 9068 §2.2: the claims the API saw, under their JWT names (no inbound claim mapping).
        var claims = me.GetProperty("claims");
        Assert.All(["iss", "aud", "sub", "client_id", "scope", "exp", "iat", "jti"], name => Assert.True(claims.TryGetProperty(name, out _), name));
        Assert.Equal(Stack.AuthServer.AbsoluteUri, claims.GetProperty("iss")[0].GetString());
        Assert.Equal("resource-api", claims.GetProperty("aud")[0].GetString());
        Assert.Single(claims.GetProperty("scope").EnumerateArray());
    }

    [Fact]
    [Trait("Security", "T5")]
    public async Task Data_Returns403InsufficientScope_ForUserTokenWithoutApiWrite()
    {
        var accessToken = (await fixture.UserTokensAsync())["access_token"]!;

        using var read = await GetAsync("/api/data", accessToken);
        using var write = await PostAsync("/api/data", accessToken, JsonContent.Create(new { title = "x" }));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await AssertForbiddenAsync(write, "The token lacks the scope this resource needs: api.write.", scope: "api.write");
    }

    // ---- RFC 6750 challenges (T8) -----------------------------------------------------------------------------

    [Theory]
    [Trait("Security", "T8")]
    [InlineData("GET", "/api/data")]
    [InlineData("POST", "/api/data")]
    [InlineData("GET", "/api/me")]
    public async Task Api_Returns401WithBareBearerChallenge_WhenNoToken(string method, string path)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(problem.TryGetProperty("error", out _));
    }

    [Fact]
    [Trait("Security", "T8")]
    public async Task Api_Returns401WithBareBearerChallenge_WhenSchemeIsNotBearer()
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Seed.Service.Id}:{Seed.Service.Secret}")));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    [Trait("Security", "T8")]
    public async Task Api_AcceptsBearerScheme_InAnyCase()
    {
        var token = await ServiceTokenAsync("api.read");
        using var http = Client();

        foreach (var scheme in new[] { "bearer", "BEARER", "Bearer" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/data");
            request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    [Trait("Security", "T6")]
    public async Task Api_IgnoresAccessTokenInQuery()
    {
        // RFC 9700 §4.3.2 / docs/security-checklist.md T6: tokens in URLs leak through logs and Referer.
        var token = await ServiceTokenAsync("api.read");
        using var http = Client();

        using var response = await http.GetAsync($"/api/data?access_token={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    [Trait("Security", "T6")]
    public async Task Api_IgnoresAccessTokenInFormBody()
    {
        var token = await ServiceTokenAsync("api.read api.write");
        using var http = Client();

        using var response = await http.PostAsync("/api/data", new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = token }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
    }

    // ---- Token validation (T4, T7) ----------------------------------------------------------------------------

    [Theory]
    [Trait("Security", "T8")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30")]
    public async Task Api_Returns401WithInvalidToken_WhenTokenIsGarbage(string token)
    {
        using var response = await GetAsync("/api/data", token);

        await AssertInvalidTokenAsync(response, "The token is malformed.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenSignatureIsEdited()
    {
        var token = await ServiceTokenAsync("api.read");
        var edited = HandMadeJwt.WithEditedPayload(token, payload => payload["scope"] = "api.read api.write");

        using var response = await PostAsync("/api/data", edited, JsonContent.Create(new { title = "forged" }));

        await AssertInvalidTokenAsync(response, "The token signature is invalid.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenTokenIsExpired()
    {
        // Signed by the AuthServer's real key: only the lifetime is wrong. Expired by more than the 30 s clock skew.
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(5));

        using var response = await GetAsync("/api/data", SignWithAuthServerKey(claims));

        await AssertInvalidTokenAsync(response, "The token has expired.");
    }

    [Fact]
    public async Task Api_Accepts_TokenSignedWithAuthServerKey()
    {
        // The control for the tests around it: a hand-made token that differs in nothing is accepted.
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer);

        using var response = await GetAsync("/api/data", SignWithAuthServerKey(claims));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    [Trait("Security", "T4")]
    public async Task Api_Returns401WithInvalidToken_WhenAudienceIsWrong()
    {
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer, audience: "another-api");

        using var response = await GetAsync("/api/data", SignWithAuthServerKey(claims));

        await AssertInvalidTokenAsync(response, "The token is not meant for this API.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenIssuerIsWrong()
    {
        var claims = HandMadeJwt.AccessTokenClaims(new Uri("http://127.0.0.1:1/"));

        using var response = await GetAsync("/api/data", SignWithAuthServerKey(claims));

        await AssertInvalidTokenAsync(response, "The token was not issued by the trusted authority.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenTypIsNotAtJwt()
    {
        // RFC 9068 §4: the same key signs ID tokens (typ JWT); only at+jwt is an access token.
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer);
        var (key, alg) = AuthServerKey();

        using var response = await GetAsync("/api/data", HandMadeJwt.Sign(HandMadeJwt.Header(alg, key.KeyId, typ: "JWT"), claims, key));

        await AssertInvalidTokenAsync(response, "The token is not an access token.");
    }

    [Fact]
    [Trait("Security", "T4")]
    public async Task Api_Returns401WithInvalidToken_WhenIdTokenIsUsedAsAccessToken()
    {
        var idToken = (await fixture.UserTokensAsync())["id_token"]!;
        Assert.NotEqual("at+jwt", Jwt.Header(idToken).GetProperty("typ").GetString());

        using var response = await GetAsync("/api/me", idToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", Assert.Single(response.Headers.GetValues("WWW-Authenticate")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenSignedWithUnknownKey()
    {
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer);
        var stranger = HandMadeJwt.NewRsaKey();

        using var response = await GetAsync("/api/data", HandMadeJwt.Sign(HandMadeJwt.Header("RS256", stranger.KeyId), claims, stranger));

        await AssertInvalidTokenAsync(response, "The token is signed with an unknown key.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenUnknownKeyClaimsTheServersKid()
    {
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer);
        var stranger = HandMadeJwt.NewRsaKey();

        using var response = await GetAsync("/api/data", HandMadeJwt.Sign(HandMadeJwt.Header("RS256", AuthServerKey().Key.KeyId), claims, stranger));

        await AssertInvalidTokenAsync(response, "The token signature is invalid.");
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenAlgIsNone()
    {
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer, scope: "api.read api.write");

        using var response = await GetAsync("/api/data", HandMadeJwt.Unsecured(claims, AuthServerKey().Key.KeyId));

        await AssertRefusedAsync(response);
    }

    [Fact]
    [Trait("Security", "T7")]
    public async Task Api_Returns401WithInvalidToken_WhenHs256IsKeyedWithThePublicKey()
    {
        // Algorithm confusion: the published JWKS key's bytes used as an HMAC secret.
        var jwk = await PublishedSigningKeyAsync();
        var kid = jwk.GetProperty("kid").GetString()!;
        var claims = HandMadeJwt.AccessTokenClaims(Stack.AuthServer);

        foreach (var secret in PublicKeyEncodings(jwk))
        {
            using var response = await GetAsync("/api/data", HandMadeJwt.HmacWithPublicKey(claims, kid, secret));
            await AssertRefusedAsync(response);
        }
    }

    // ---- Request bodies, health, OpenAPI ----------------------------------------------------------------------

    [Theory]
    [InlineData("{\"title\": ", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("null", "body")]
    [InlineData("{}", "title")]
    [InlineData("{\"title\": \"   \"}", "title")]
    [InlineData("{\"title\": 42}", "body")]
    public async Task Data_ReturnsValidationProblem_WhenBodyIsInvalid(string json, string field)
    {
        var token = await ServiceTokenAsync("api.write");

        using var response = await PostAsync("/api/data", token, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Data_ReturnsValidationProblem_WhenTitleIsTooLong()
    {
        var token = await ServiceTokenAsync("api.write");

        using var response = await PostAsync("/api/data", token, JsonContent.Create(new { title = new string('x', 101) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The title must be at most 100 characters.", problem.GetProperty("errors").GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task Data_Returns415_WhenBodyIsNotJson()
    {
        var token = await ServiceTokenAsync("api.write");

        using var response = await PostAsync("/api/data", token, new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Data_Returns413_WhenBodyIsTooLarge()
    {
        var token = await ServiceTokenAsync("api.write");
        var json = JsonSerializer.Serialize(new { title = "big", content = new string('x', 64 * 1024) });

        using var response = await PostAsync("/api/data", token, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_Returns200()
    {
        using var http = Client();

        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DescribesEndpointsWithBearerSchemeAndScopes()
    {
        using var http = Client();

        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.All(ExpectedPaths, path => Assert.True(paths.TryGetProperty(path, out _), path));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
        Assert.Equal(["api.read"], Scopes(paths.GetProperty("/api/me").GetProperty("get")));
        Assert.Equal(["api.read"], Scopes(paths.GetProperty("/api/data").GetProperty("get")));
        Assert.Equal(["api.write"], Scopes(paths.GetProperty("/api/data").GetProperty("post")));
        Assert.True(paths.GetProperty("/api/data").GetProperty("post").GetProperty("responses").TryGetProperty("403", out _));

        static string[] Scopes(JsonElement operation) =>
            [.. Assert.Single(operation.GetProperty("security").EnumerateArray()).GetProperty("Bearer").EnumerateArray().Select(s => s.GetString()!)];
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private HttpClient Client() => new() { BaseAddress = Stack.ResourceApi };

    private async Task<string> ServiceTokenAsync(string scope)
    {
        using var client = new OAuthClient(new HttpClient { BaseAddress = Stack.AuthServer });
        var tokens = await client.ClientCredentialsAsync(scope);
        Assert.True(tokens.Status == HttpStatusCode.OK, $"client_credentials failed: {(int)tokens.Status} {tokens.Json}");
        var token = tokens["access_token"]!;
        Assert.Equal(scope, Jwt.Payload(token).GetProperty("scope").GetString());
        return token;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string token, HttpContent content)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private (SecurityKey Key, string Algorithm) AuthServerKey()
    {
        var signing = Stack.AuthServerServices.GetRequiredService<KeyRing>().Current.Signing;
        return (signing.Key, signing.Algorithm);
    }

    private string SignWithAuthServerKey(JsonObject claims)
    {
        var (key, alg) = AuthServerKey();
        return HandMadeJwt.Sign(HandMadeJwt.Header(alg, key.KeyId), claims, key);
    }

    private async Task<JsonElement> PublishedSigningKeyAsync()
    {
        using var http = new HttpClient { BaseAddress = Stack.AuthServer };
        var jwks = await http.GetFromJsonAsync<JsonElement>("/.well-known/jwks");
        return jwks.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("kty").GetString() == "RSA");
    }

    /// <summary>The byte strings an attacker would try as the HMAC secret: the modulus, DER and PEM public keys.</summary>
    private static IEnumerable<byte[]> PublicKeyEncodings(JsonElement jwk)
    {
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("n").GetString()),
            Exponent = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("e").GetString()),
        });
        return
        [
            Base64UrlEncoder.DecodeBytes(jwk.GetProperty("n").GetString()),
            rsa.ExportSubjectPublicKeyInfo(),
            Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
            Encoding.UTF8.GetBytes(jwk.GetRawText()),
        ];
    }

    /// <summary>Any refusal of a forged token: 401, <c>invalid_token</c>, a ProblemDetails body (description varies by check order).</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"", Assert.Single(response.Headers.GetValues("WWW-Authenticate")), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_token", problem.GetProperty("error").GetString());
    }

    private static async Task AssertInvalidTokenAsync(HttpResponseMessage response, string description)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{description}\"", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("invalid_token", problem.GetProperty("error").GetString());
        Assert.Equal(description, problem.GetProperty("detail").GetString());
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string description, string? scope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var expected = $"Bearer error=\"insufficient_scope\", error_description=\"{description}\"" + (scope is null ? "" : $", scope=\"{scope}\"");
        Assert.Equal(expected, Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertApiHeaders(response);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal("insufficient_scope", problem.GetProperty("error").GetString());
        Assert.Equal(description, problem.GetProperty("detail").GetString());
        if (scope is not null)
        {
            Assert.Equal(scope, problem.GetProperty("scope").GetString());
        }
    }

    private static void AssertApiHeaders(HttpResponseMessage response)
    {
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
