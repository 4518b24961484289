using System.Net;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Security;

/// <summary>SECURITY.md "Codes and PKCE", P1–P8.</summary>
public sealed class CodeSecurityTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task P1_Discovery_ListsOnlyS256()
    {
        using var client = factory.CreateOAuthClient();
        var doc = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(["S256"], doc.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("demo-client", "http://localhost:5300/callback")]
    [InlineData("demo-spa", "http://localhost:5300/spa/callback")]
    public async Task P2_EveryClient_MustSendACodeChallenge(string clientId, string redirectUri)
    {
        using var client = factory.CreateOAuthClient();
        var request = OAuthClient.CodeRequest("x", clientId, redirectUri);
        request.Remove("code_challenge");
        request.Remove("code_challenge_method");

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        // A trusted client and redirect URI: the error goes back to it (RFC 6749 §4.1.2.1), with no code.
        AssertRedirectedError(response, redirectUri, "invalid_request");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("S512")]
    [InlineData("")]
    public async Task P3_ChallengeMethodsOtherThanS256_AreRefused(string method)
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

        AssertRedirectedError(response, OAuthClient.DemoRedirect, "invalid_request");
    }

    [Fact]
    public async Task P4_WrongOrMissingVerifier_IsInvalidGrant_AndBurnsNothingElse()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var wrong = await client.RedeemAsync(code, OAuthClient.NewPkce().Verifier);
        Assert.Equal("invalid_grant", wrong.Error);

        var plainAttempt = await client.RedeemAsync(code, verifier + "x");
        Assert.Equal("invalid_grant", plainAttempt.Error);
    }

    [Fact]
    public async Task P5_NoCode_IsEverIssuedWithoutAChallenge_SoAVerifierCannotDowngrade()
    {
        // Every code carries a challenge (P2), so a verifier always meets one. The token endpoint also refuses a
        // verifier-less redemption of a challenged code rather than treating it as a client without PKCE.
        using var client = factory.CreateOAuthClient();
        var (code, _) = await client.GetCodeAsync();

        var noVerifier = await client.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthClient.DemoRedirect },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, noVerifier.Status);
        Assert.Null(noVerifier["access_token"]);
    }

    [Fact]
    public async Task P6_ReplayedCode_IsInvalidGrant_AndRevokesTheTokensIssuedFromIt()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();
        var first = await client.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await client.RedeemAsync(code, verifier);
        Assert.Equal("invalid_grant", replay.Error);

        var access = await client.TokenAsync(new() { ["token"] = first["access_token"]! }, OAuthClient.DemoClient, OAuthClient.DemoClientSecret, endpoint: "/connect/introspect");
        Assert.Equal("false", access["active"]);
        var refresh = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task P7_Code_IsBoundToItsClientAndRedirectUri()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var otherClient = await client.RedeemAsync(code, verifier, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);
        Assert.Equal(HttpStatusCode.BadRequest, otherClient.Status);

        var (code2, verifier2) = await client.GetCodeAsync();
        var otherUri = await client.RedeemAsync(code2, verifier2, redirectUri: "http://localhost:5300/spa/callback");
        Assert.Equal("invalid_grant", otherUri.Error);
    }

    [Fact]
    public async Task P8_Code_ExpiresAfterAboutAMinute()
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

    [Fact]
    public async Task P2_AuthorizationWithoutChallenge_IssuesNoCode_EvenAfterLogin()
    {
        using var client = factory.CreateOAuthClient();
        await client.LoginAndRedeemAsync();
        var request = OAuthClient.CodeRequest("x");
        request.Remove("code_challenge");
        request.Remove("code_challenge_method");

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        Assert.Null(response.Headers.Location is { } location ? QueryHelpers.ParseQuery(location.Query).GetValueOrDefault("code").ToString() is { Length: > 0 } c ? c : null : null);
    }

    private static void AssertRedirectedError(HttpResponseMessage response, string redirectUri, string error)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(redirectUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(error, query["error"]);
        Assert.Equal(AuthServerFactory.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }
}
