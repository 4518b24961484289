using System.Net;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests.Protocol;

/// <summary>The authorization-code flow through the real login and consent pages.</summary>
public sealed class AuthorizationCodeTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task CodeFlow_IssuesTokens_AfterLoginAndConsent()
    {
        using var client = factory.CreateOAuthClient();
        var (verifier, challenge) = OAuthClient.NewPkce();

        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, state: "s-1", nonce: "n-1"));

        Assert.StartsWith(OAuthClient.DemoRedirect + "?", location.ToString());
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
        Assert.Equal(OAuthClient.DemoClient, id.GetProperty("aud").GetString());
        Assert.Equal("n-1", id.GetProperty("nonce").GetString());
        Assert.Equal(access.GetProperty("sub").GetString(), id.GetProperty("sub").GetString());
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Fact]
    public async Task CodeFlow_SkipsConsent_WhenAlreadyGranted()
    {
        using var client = factory.CreateOAuthClient();
        await client.LoginAndRedeemAsync();

        var (_, challenge) = OAuthClient.NewPkce();
        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OAuthClient.DemoRedirect + "?code=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task CodeFlow_RedirectsAccessDenied_WhenUserDeniesConsent()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var request = OAuthClient.CodeRequest(challenge, state: "deny-state");
        request["prompt"] = "consent"; // another test in this class may already have consented
        var location = await client.AuthorizeAsync(request, allow: false);

        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("deny-state", query["state"]);
        Assert.Equal(AuthServerFactory.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Token_RejectsReplayedCode()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();
        var first = await client.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var second = await client.RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_grant", second.Error);
    }

    [Fact]
    public async Task Token_RejectsCode_WhenVerifierIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var (code, _) = await client.GetCodeAsync();

        var tokens = await client.RedeemAsync(code, OAuthClient.NewPkce().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task Token_RejectsCode_WhenVerifierIsMissing()
    {
        using var client = factory.CreateOAuthClient();
        var (code, _) = await client.GetCodeAsync();

        var tokens = await client.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthClient.DemoRedirect },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_request", tokens.Error);
    }

    [Fact]
    public async Task Token_RejectsCode_WhenRedirectUriDiffers()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var tokens = await client.RedeemAsync(code, verifier, redirectUri: "http://localhost:5300/other");

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task Authorize_RedirectsInvalidRequest_WhenCodeChallengeIsMissing()
    {
        using var client = factory.CreateOAuthClient();
        var request = OAuthClient.CodeRequest("unused");
        request.Remove("code_challenge");
        request.Remove("code_challenge_method");

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(request));

        AssertErrorRedirected(response, "invalid_request");
    }

    [Fact]
    public async Task Authorize_RedirectsInvalidRequest_WhenChallengeMethodIsPlain()
    {
        using var client = factory.CreateOAuthClient();
        var (verifier, _) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(verifier);
        request["code_challenge_method"] = "plain";

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(request));

        AssertErrorRedirected(response, "invalid_request");
    }

    [Theory]
    [InlineData("http://localhost:5300/callback/extra")]
    [InlineData("http://localhost:5300/callback?x=1")]
    [InlineData("http://localhost:5300/Callback")]
    [InlineData("http://localhost:5301/callback")]
    [InlineData("https://evil.example/callback")]
    public async Task Authorize_ShowsErrorPageAndNeverRedirects_WhenRedirectUriIsNotRegistered(string redirectUri)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, redirectUri: redirectUri)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("error: invalid_request", html);
        Assert.DoesNotContain("evil.example", html);
    }

    [Fact]
    public async Task Authorize_ShowsErrorPage_WhenClientIsUnknown()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, clientId: "no-such-client")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("error: invalid_request", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token token")]
    [InlineData("code token")]
    public async Task Authorize_RedirectsUnsupportedResponseType_ForImplicitAndHybrid(string responseType)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["response_type"] = responseType;

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(request));

        AssertErrorRedirected(response, "unsupported_response_type");
    }

    [Fact]
    public async Task Login_RefusesPost_WithoutAntiforgeryToken()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = OAuthClient.Alice,
            ["password"] = OAuthClient.AlicePassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("oauthsuite.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_ShowsSameMessage_ForUnknownUserAndWrongPassword()
    {
        using var client = factory.CreateOAuthClient();
        var page = await client.FollowAsync("/account/login");
        var unknown = await client.LoginAsync(page, "nobody-here", "Wrong123$");
        var wrong = await client.LoginAsync(await client.FollowAsync("/account/login"), OAuthClient.Alice, "Wrong123$");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var (_, unknownDoc) = await HtmlForm.ParseAsync(unknown);
        var (_, wrongDoc) = await HtmlForm.ParseAsync(wrong);
        Assert.Equal(wrongDoc.QuerySelector("#login-error")!.TextContent, unknownDoc.QuerySelector("#login-error")!.TextContent);
    }

    /// <summary>
    /// RFC 6749 §4.1.2.1: the client and its redirect URI are valid, so the error goes back to that URI with state
    /// and iss (RFC 9207), and no code. (Before issue 14 these stopped on the error page, because OpenIddict checks
    /// syntax before it trusts the redirect URI; AuthServer/OAuth/TrustedClientErrors.cs establishes trust first.)
    /// </summary>
    private static void AssertErrorRedirected(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(OAuthClient.DemoRedirect, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(error, query["error"]);
        Assert.NotEmpty(query["error_description"].ToString());
        Assert.Equal("state-123", query["state"]);
        Assert.Equal(AuthServerFactory.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }
}
