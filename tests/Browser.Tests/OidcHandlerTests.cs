using System.Text.Json;
using Browser.Tests.Infrastructure;
using Browser.Tests.Interop;
using EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>
/// Issue 14, "real client libraries work with their defaults": ASP.NET Core's OpenID Connect handler, the most
/// common .NET relying party, signs in through the AuthServer's real pages in Chromium, calls the ResourceApi with
/// its access token, and signs out through the end-session endpoint. The handler's default
/// <c>response_mode=form_post</c> answer is a self-submitting page whose script the AuthServer's CSP must allow (by
/// hash, on that response only); a blocked script leaves the user on a blank page, which only a browser shows.
/// </summary>
[Collection(ChromiumGroup.Name)]
public sealed class OidcHandlerTests(Chromium chromium)
{
    [Fact]
    public async Task AspNetCoreOidcHandler_WithDefaults_SignsIn_CallsTheApi_AndSignsOut()
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/");
        await using var session = await BrowserSession.StartAsync(chromium,
            editSeed: seed => seed["clients"]!.AsArray().Add(OidcHandlerApp.SeedEntry(address)));
        await using var app = await OidcHandlerApp.StartAsync(address, session.Stack.AuthServer, session.Stack.ResourceApi);
        var page = session.Page;
        var login = new LoginPage(page, session.Stack);

        // 1. The app challenges: the handler sends the browser to the AuthServer, which asks for the password.
        await page.GotoAsync(address.AbsoluteUri);
        Assert.True(login.IsShown, $"Expected the sign-in page; the tab went {string.Join(" → ", session.Navigations)}; blocked: {string.Join(", ", session.OffLoopbackRequests)}");
        var authorize = session.Navigations.Single(u => u.AbsolutePath == "/connect/authorize");
        var parameters = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", parameters["response_type"]);
        Assert.Equal("form_post", parameters["response_mode"]); // the default this test is about
        Assert.Equal("S256", parameters["code_challenge_method"]);

        // 2. Sign in and consent on the AuthServer's pages; the form_post page then posts the code to /signin-oidc.
        await login.SignInAsync();
        var consent = new ConsentPage(page);
        Assert.True(await consent.IsShownAsync(), $"Expected the consent page, got {page.Url}");
        await consent.AllowAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Signed in", new() { Timeout = 20_000 });
        Assert.Contains(session.Navigations, u => u.AbsoluteUri == new Uri(address, "signin-oidc").AbsoluteUri);

        // 3. The app called the ResourceApi with the access token it got.
        await Expect(page.Locator("#api-status")).ToHaveTextAsync("200");
        var me = JsonDocument.Parse(await page.Locator("#api-body").InnerTextAsync()).RootElement;
        Assert.Equal(OidcHandlerApp.ClientId, me.GetProperty("client_id").GetString());
        Assert.Equal(PageObjects.Alice, me.GetProperty("preferred_username").GetString());
        Assert.Equal(me.GetProperty("sub").GetString(), await page.Locator("#sub").InnerTextAsync()); // the ID token's sub (mapped by the handler)

        // 4. RP-initiated logout: through /connect/endsession (id_token_hint, so no confirmation) and back to the app.
        await page.SubmitAsync(() => page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Sign out" }).ClickAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Signed out", new() { Timeout = 20_000 });
        var endSession = session.Navigations.Single(u => u.AbsolutePath == "/connect/endsession");
        Assert.Equal(new Uri(address, "signout-callback-oidc").AbsoluteUri, QueryHelpers.ParseQuery(endSession.Query)["post_logout_redirect_uri"]);
        Assert.Contains(session.Navigations, u => u.GetLeftPart(UriPartial.Path) == new Uri(address, "signout-callback-oidc").AbsoluteUri);

        // Both sessions ended: the app challenges again and the AuthServer asks for the password again.
        await page.GotoAsync(address.AbsoluteUri);
        await login.ExpectShownAsync();

        // No CSP violation anywhere on the way (the form_post script included), nothing left loopback.
        session.AssertNothingBlockedOrThirdParty();
    }

    /// <summary>
    /// The handler's own default <c>response_type=id_token</c> (an implicit sign-in, refused as in OAuth 2.1): the
    /// client and redirect URI are trusted, so the error goes back to <c>/signin-oidc</c> by the form_post page
    /// (RFC 6749 §4.1.2.1) and the handler reports <c>unsupported_response_type</c>, instead of the user stopping on
    /// the AuthServer's error page with the application never told why.
    /// </summary>
    [Fact]
    public async Task AspNetCoreOidcHandler_WithItsIdTokenDefault_GetsUnsupportedResponseType_PostedBack()
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/");
        await using var session = await BrowserSession.StartAsync(chromium,
            editSeed: seed => seed["clients"]!.AsArray().Add(OidcHandlerApp.SeedEntry(address)));
        await using var app = await OidcHandlerApp.StartAsync(address, session.Stack.AuthServer, session.Stack.ResourceApi, responseType: null);
        var page = session.Page;
        var callback = new Uri(address, "signin-oidc").AbsoluteUri;
        var posted = page.WaitForRequestAsync(r => r.Url == callback, new() { Timeout = 20_000 });

        await page.GotoAsync(address.AbsoluteUri);

        var request = await posted;
        Assert.Equal("POST", request.Method);
        var form = QueryHelpers.ParseQuery(request.PostData);
        Assert.Equal("unsupported_response_type", form["error"]);
        Assert.False(string.IsNullOrEmpty(form["error_description"]));
        Assert.False(string.IsNullOrEmpty(form["state"]));
        Assert.Equal(session.Stack.AuthServer.AbsoluteUri, form["iss"]);
        Assert.False(form.ContainsKey("id_token"));
        Assert.DoesNotContain(session.Navigations, u => u.AbsolutePath == "/account/login");
        session.AssertNothingBlockedOrThirdParty();
    }
}
