using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>
/// The authorization-code grant with PKCE (RFC 6749 §4.1, RFC 7636, OAuth 2.1 §4.1): the whole flow through the real
/// login and consent pages, and every rule on the code and its challenge (checklist P1–P8).
/// </summary>
public sealed class AuthorizationCodeTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Token_IssuesTokens_ForACodeFromLoginAndConsent()
    {
        using var client = factory.CreateOAuthClient();
        var (verifier, challenge) = OAuthClient.NewPkce();

        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, state: "s-1", nonce: "n-1"));

        Assert.StartsWith(Seed.WebClient.RedirectUri + "?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("s-1", query["state"]);
        Assert.Equal(AuthServerFactory.Issuer, query["iss"]);
        var tokens = await client.RedeemAsync(query["code"]!, verifier);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
        var access = Jwt.Payload(tokens["access_token"]!);
        Assert.Equal("resource-api", access.GetProperty("aud").GetString());
        Assert.Equal("openid profile email offline_access api.read", access.GetProperty("scope").GetString());
        Assert.Equal("Alice Example", access.GetProperty("name").GetString());
        var id = Jwt.Payload(tokens["id_token"]!);
        Assert.Equal(Seed.WebClient.Id, id.GetProperty("aud").GetString());
        Assert.Equal("n-1", id.GetProperty("nonce").GetString());
        Assert.Equal(access.GetProperty("sub").GetString(), id.GetProperty("sub").GetString());
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Theory]
    [Trait("Security", "P2")]
    [InlineData("web")]
    [InlineData("spa")]
    public async Task Authorize_RedirectsInvalidRequest_WhenCodeChallengeIsMissing(string kind)
    {
        using var client = factory.CreateOAuthClient();
        var seeded = kind == "web" ? Seed.WebClient : Seed.Spa;
        var request = OAuthClient.CodeRequest("x", seeded.Id, seeded.RedirectUri);
        request.Remove("code_challenge");
        request.Remove("code_challenge_method");

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        AssertErrorRedirected(response, seeded.RedirectUri!, "invalid_request");
    }

    [Fact]
    [Trait("Security", "P2")]
    public async Task Authorize_IssuesNoCode_WithoutChallenge_EvenWhenSignedIn()
    {
        using var client = factory.CreateOAuthClient();
        await client.LoginAndRedeemAsync();
        var request = OAuthClient.CodeRequest("x");
        request.Remove("code_challenge");
        request.Remove("code_challenge_method");

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        Assert.Null(response.Headers.Location is { } location ? QueryHelpers.ParseQuery(location.Query).GetValueOrDefault("code").ToString() is { Length: > 0 } c ? c : null : null);
    }

    [Theory]
    [Trait("Security", "P3")]
    [InlineData("plain")]
    [InlineData("S512")]
    [InlineData("")]
    public async Task Authorize_RedirectsInvalidRequest_ForChallengeMethodsOtherThanS256(string method)
    {
        using var client = factory.CreateOAuthClient();
        var (verifier, _) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(verifier);
        request["code_challenge_method"] = method;
        if (method.Length == 0)
        {
            request.Remove("code_challenge_method"); // defaults to plain (RFC 7636 §4.3)
        }

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        AssertErrorRedirected(response, Seed.WebClient.RedirectUri!, "invalid_request");
    }

    [Fact]
    [Trait("Security", "P4")]
    public async Task Token_RejectsCode_WhenVerifierIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var wrong = await client.RedeemAsync(code, OAuthClient.NewPkce().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("invalid_grant", wrong.Error);

        var almost = await client.RedeemAsync(code, verifier + "x");
        Assert.Equal(HttpStatusCode.BadRequest, almost.Status);
        Assert.Equal("invalid_grant", almost.Error);
    }

    [Fact]
    [Trait("Security", "P4")]
    [Trait("Security", "P5")]
    public async Task Token_RejectsCode_WhenVerifierIsMissing()
    {
        // Every code carries a challenge (P2), so a verifier always meets one. The token endpoint also refuses a
        // verifier-less redemption of a challenged code rather than treating it as a client without PKCE.
        using var client = factory.CreateOAuthClient();
        var (code, _) = await client.GetCodeAsync();

        var noVerifier = await client.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Seed.WebClient.RedirectUri! },
            Seed.WebClient.Id, Seed.WebClient.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, noVerifier.Status);
        Assert.Equal("invalid_request", noVerifier.Error);
        Assert.Null(noVerifier["access_token"]);
    }

    [Fact]
    [Trait("Security", "P6")]
    public async Task Token_RejectsReplayedCode_AndRevokesTheTokensIssuedFromIt()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();
        var first = await client.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await client.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);

        var access = await client.TokenAsync(new() { ["token"] = first["access_token"]! }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/introspect");
        Assert.Equal("false", access["active"]);
        var refresh = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Theory]
    [Trait("Security", "P7")]
    [InlineData("http://localhost:5300/spa/callback")] // registered, but for another client
    [InlineData("http://localhost:5300/other")] // registered for nobody
    public async Task Token_RejectsCode_WhenRedirectUriDiffers(string redirectUri)
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var tokens = await client.RedeemAsync(code, verifier, redirectUri: redirectUri);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    [Trait("Security", "P7")]
    public async Task Token_RejectsCode_RedeemedByAnotherClient()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var otherClient = await client.RedeemAsync(code, verifier, Seed.Service.Id, Seed.Service.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, otherClient.Status);
        Assert.Null(otherClient["access_token"]);
    }

    [Fact]
    [Trait("Security", "P8")]
    public async Task Token_RejectsCode_AfterAboutAMinute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var timed = new AuthServerFactory().WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var client = timed.CreateOAuthClient();

        var (fresh, freshVerifier) = await client.GetCodeAsync();
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(fresh, freshVerifier)).Status);

        var (stale, staleVerifier) = await client.GetCodeAsync();
        clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await client.RedeemAsync(stale, staleVerifier);
        Assert.Equal("invalid_grant", expired.Error);
    }

    /// <summary>
    /// RFC 6749 §4.1.2.1: the client and its redirect URI are valid, so the error goes back to that URI with state
    /// and iss (RFC 9207), and no code. (OpenIddict checks syntax before it trusts the redirect URI;
    /// AuthServer/OAuth/TrustedClientErrors.cs establishes trust first.)
    /// </summary>
    private static void AssertErrorRedirected(HttpResponseMessage response, string redirectUri, string error)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(redirectUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(error, query["error"]);
        Assert.NotEmpty(query["error_description"].ToString());
        Assert.Equal(AuthServerFactory.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }
}
