using System.Net;
using System.Text.RegularExpressions;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests.Security;

/// <summary>SECURITY.md "Redirects and the browser", R1–R10.</summary>
public sealed partial class RedirectSecurityTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [InlineData("http://localhost:5300/callback/")]
    [InlineData("http://localhost:5300/callback/extra")]
    [InlineData("http://localhost:5300/callback?x=1")]
    [InlineData("http://localhost:5300/callback#frag")]
    [InlineData("http://LOCALHOST:5300/callback")]
    [InlineData("http://localhost:5300/CALLBACK")]
    [InlineData("https://localhost:5300/callback")]
    [InlineData("http://localhost:5301/callback")]
    [InlineData("http://localhost:5300/callback/../callback")]
    [InlineData("http://localhost:5300/*")]
    public async Task R1_RedirectUri_IsMatchedByExactString(string redirectUri)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, redirectUri: redirectUri)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task R2_UnknownClient_GetsAnErrorPage_NeverARedirect()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, clientId: "evil-client", redirectUri: "https://evil.example/cb")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task R3_PostLogoutRedirectUri_IsExactMatched()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        foreach (var uri in new[] { "http://localhost:5300/x", "http://localhost:5300", "https://evil.example/" })
        {
            var response = await client.Http.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
            {
                ["id_token_hint"] = tokens["id_token"],
                ["post_logout_redirect_uri"] = uri,
            }));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task R3_ErrorRedirects_GoOnlyToTheRegisteredUri()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        // prompt=none without a session: an error the client must receive, sent only to its registered URI.
        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(PromptNone(challenge)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OAuthClient.DemoRedirect + "?error=login_required", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task R5_AuthorizationResponses_CarryIss_AndDiscoveryAdvertisesIt()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var error = (await client.Http.GetAsync(OAuthClient.AuthorizeUrl(PromptNone(challenge)))).Headers.Location!;
        var success = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge));

        Assert.Equal(AuthServerFactory.Issuer, QueryHelpers.ParseQuery(success.Query)["iss"]);
        Assert.Equal(AuthServerFactory.Issuer, QueryHelpers.ParseQuery(error.Query)["iss"]);
        Assert.Contains("\"authorization_response_iss_parameter_supported\": true", await client.Http.GetStringAsync("/.well-known/openid-configuration"));
    }

    [Fact]
    public async Task R6_LoginAndConsentPosts_RedirectWith302Or303()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "login consent";

        var loginPage = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));
        var (login, _) = await HtmlForm.ParseAsync(loginPage);
        var afterLogin = await client.Http.PostAsync(login.Action, login.Set("username", OAuthClient.Alice).Set("password", OAuthClient.AlicePassword).Content());
        Assert.Equal(HttpStatusCode.SeeOther, afterLogin.StatusCode);

        var consentPage = await client.FollowAsync(afterLogin.Headers.Location!.ToString());
        var (consent, _) = await HtmlForm.ParseAsync(consentPage);
        var afterConsent = await client.Http.PostAsync(consent.Action, consent.Content("allow"));
        Assert.True(afterConsent.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther, afterConsent.StatusCode.ToString());
    }

    [Fact]
    public async Task R7_AuthorizationEndpoint_SendsNoCorsHeaders()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        using var request = new HttpRequestMessage(HttpMethod.Get, OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.Http.SendAsync(request);

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/connect/authorize?client_id=nope")]
    [InlineData("/connect/endsession")]
    [InlineData("/")]
    public async Task R8_R9_FlowPages_SendProtectiveHeaders_AndLoadNothingFromElsewhere(string path)
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync(path);

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Empty(ExternalResource().Matches(html));
    }

    [Fact]
    public async Task R10_ConsentPost_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "consent";
        var consentPage = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));
        if (OAuthClient.IsPage(consentPage, "/account/login"))
        {
            consentPage = await client.LoginAsync(consentPage);
        }

        var (consent, _) = await HtmlForm.ParseAsync(consentPage);
        var response = await client.Http.PostAsync(consent.Action, consent.Remove("__RequestVerificationToken").Content("allow"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    private static Dictionary<string, string?> PromptNone(string challenge)
    {
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "none";
        return request;
    }

    // src= or href= pointing at another origin (scheme-relative included).
    [GeneratedRegex("""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}
