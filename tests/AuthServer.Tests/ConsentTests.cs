using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests;

/// <summary>The consent page (OpenID Connect Core §3.1.2.4): asked once per client, a denial reaches the client, its post is protected.</summary>
public sealed class ConsentTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Authorize_SkipsConsent_WhenAlreadyGranted()
    {
        using var client = factory.CreateOAuthClient();
        await client.LoginAndRedeemAsync();

        var (_, challenge) = OAuthClient.NewPkce();
        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Seed.WebClient.RedirectUri + "?code=", response.Headers.Location!.ToString());
    }

    [Fact]
    [Trait("Security", "R5")]
    public async Task Authorize_RedirectsAccessDenied_WhenUserDeniesConsent()
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
    [Trait("Security", "R6")]
    public async Task LoginAndConsent_RedirectAfterPost_With302Or303()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "login consent";

        var loginPage = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));
        var (login, _) = await HtmlForm.ParseAsync(loginPage);
        var afterLogin = await client.Http.PostAsync(login.Action, login.Set("username", Seed.User.Username).Set("password", Seed.User.Password).Content());
        Assert.Equal(HttpStatusCode.SeeOther, afterLogin.StatusCode);

        var consentPage = await client.FollowAsync(afterLogin.Headers.Location!.ToString());
        var (consent, _) = await HtmlForm.ParseAsync(consentPage);
        var afterConsent = await client.Http.PostAsync(consent.Action, consent.Content("allow"));
        Assert.True(afterConsent.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther, afterConsent.StatusCode.ToString());
    }

    [Fact]
    [Trait("Security", "R10")]
    public async Task Consent_RefusesPost_WithoutAntiforgeryToken()
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
}
