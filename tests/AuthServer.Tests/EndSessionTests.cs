using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests;

/// <summary>RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): exact post-logout URIs, confirmation without a hint (checklist R3).</summary>
public sealed class EndSessionTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task EndSession_SignsOutAndRedirectsToTheRegisteredUri_WithIdTokenHint()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        var response = await client.Http.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens["id_token"],
            ["post_logout_redirect_uri"] = "http://localhost:5300/",
            ["state"] = "bye",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost:5300/?state=bye", response.Headers.Location!.ToString());

        // The session is gone: the next authorization request asks for the password again.
        var (_, challenge) = OAuthClient.NewPkce();
        var next = await client.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        Assert.True(OAuthClient.IsPage(next, "/account/login"), $"{(int)next.StatusCode} {next.RequestMessage?.RequestUri}");
    }

    [Fact]
    [Trait("Security", "R3")]
    public async Task EndSession_ShowsAnErrorAndDoesNotRedirect_UnlessPostLogoutUriMatchesExactly()
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
    public async Task EndSession_AsksForConfirmation_WithoutIdTokenHint()
    {
        using var client = factory.CreateOAuthClient();
        await client.LoginAndRedeemAsync();

        var page = await client.Http.GetAsync("/connect/endsession");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var (form, _) = await HtmlForm.ParseAsync(page);
        var confirmed = await client.Http.PostAsync(form.Action, form.Content("yes"));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }
}
