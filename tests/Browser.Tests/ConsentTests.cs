using Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>Scenarios 3 and 4: saying no, and coming back after saying yes.</summary>
[Collection(ChromiumGroup.Name)]
public sealed class ConsentTests(Chromium chromium)
{
    [Fact]
    public async Task Consent_Denied_DemoClientShowsAccessDenied_AndExplainsIt()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        await demo.OpenAsync();
        await demo.StartSignInAsync();
        await new LoginPage(page, session.Stack).SignInAsync();
        var consent = new ConsentPage(page);
        Assert.True(await consent.IsShownAsync(), $"Expected the consent page, got {page.Url}");

        await consent.DenyAsync();

        Assert.True(demo.IsShown, $"Expected to be back on the DemoClient, got {page.Url}");
        var result = page.Locator("#callback-result");
        await Expect(result).ToContainTextAsync("error=access_denied");
        await Expect(result).ToContainTextAsync("Deny was chosen");
        await Expect(page.Locator("#callback-parameters")).ToContainTextAsync("access_denied");
        await Expect(page.Locator("#api-status")).ToHaveCountAsync(0);
        await Expect(demo.Step(3)).ToContainTextAsync("failed");
        await Expect(demo.Step(4)).ToContainTextAsync("Not run: step 3 ended without tokens");
        await Screenshots.SaveAsync(demo.Step(3), "consent-denied-step3");
        await Screenshots.SaveAsync(page, "consent-denied-page", fullPage: true);
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task SecondVisit_SkipsConsent_AndAfterLogout_TheNextFlowAsksForThePassword()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        var login = new LoginPage(page, session.Stack);
        var consent = new ConsentPage(page);
        await demo.OpenAsync();
        await demo.StartSignInAsync();
        await login.SignInAsync();
        await consent.AllowAsync();
        await Expect(page.Locator("#api-status")).ToContainTextAsync("200");

        // Second visit: the AuthServer session and the remembered consent take the browser straight back.
        var before = (Pages: session.Visited.Count, Hops: session.Navigations.Count);
        await demo.StartSignInAsync();
        Assert.True(demo.IsShown, $"Expected straight back to the DemoClient, got {page.Url}");
        Assert.Contains(session.Navigations.Skip(before.Hops), url => url.AbsolutePath == "/connect/authorize");
        Assert.DoesNotContain(session.Visited.Skip(before.Pages), url => url.Port == session.Stack.AuthServer.Port);
        await Expect(page.Locator("#api-status")).ToContainTextAsync("200");
        await Screenshots.SaveAsync(page, "second-visit-no-consent");

        // Log out: the AuthServer's session ends too, so the next flow asks for the password again.
        await demo.PressAsync("Log out");
        Assert.True(demo.IsShown, $"Expected back on the DemoClient after logout, got {page.Url}");
        Assert.Contains(session.Navigations, url => url.Port == session.Stack.AuthServer.Port && url.AbsolutePath == "/connect/endsession");
        await Expect(page.Locator("#api-status")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "after-logout");

        await demo.StartSignInAsync();
        await login.ExpectShownAsync();
        await login.SignInAsync();

        // The consent given before is remembered across sessions: no consent page this time.
        Assert.True(demo.IsShown, $"Expected back on the DemoClient without a consent page, got {page.Url}");
        await Expect(page.Locator("#api-status")).ToContainTextAsync("200");
        session.AssertNothingBlockedOrThirdParty();
    }
}
