using Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>
/// The login, consent, error and DemoClient pages through Chromium's accessibility tree and the keyboard, and on a
/// phone-sized screen.
/// </summary>
[Collection(ChromiumGroup.Name)]
public sealed class AccessibilityTests(Chromium chromium)
{
    [Fact]
    public async Task LoginPage_NamesEveryInput_HasOneH1_AndFocusesTheUsername()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var login = new LoginPage(page, session.Stack);
        await OpenLoginAsync(session);

        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.AssertFocusStartsAtAsync(page, login.Username);
        await Expect(login.Username).ToHaveAttributeAsync("autocomplete", "username");
        await Expect(login.Password).ToHaveAttributeAsync("autocomplete", "current-password");

        // A failed attempt: the message is announced (role=alert) and the form stays accessible.
        await login.SignInAsync(Seed.User.Username, "Wrong123$");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("incorrect");
        await PageChecks.AssertAccessibleAsync(page);
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task ConsentPage_NamesEveryButton_HasOneH1_AndTheFirstTabReachesAllow()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        await OpenLoginAsync(session);
        await new LoginPage(page, session.Stack).SignInAsync();
        var consent = new ConsentPage(page);

        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.AssertFocusStartsAtAsync(page);
        await Expect(consent.Allow).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(consent.Deny).ToBeFocusedAsync();
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task ErrorPage_HasOneH1_AndNoControlWithoutAName()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        await page.GotoAsync(ErrorPageTests.AuthorizeUrl(session.Stack.AuthServer, redirectUri: "https://evil.example/callback"));

        await PageChecks.AssertAccessibleAsync(page);
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task DemoClientPage_NamesEveryControl_HasOneH1_AndTheFirstTabReachesTheFirstControl()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        await demo.OpenAsync();
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.AssertFocusStartsAtAsync(page);

        // Signed in, with every card filled and the action results shown.
        await demo.StartSignInAsync();
        await new LoginPage(page, session.Stack).SignInAsync();
        await new ConsentPage(page).AllowAsync();
        await demo.PressAsync("Refresh tokens");
        await PageChecks.AssertAccessibleAsync(page);
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task EveryPage_FitsAPhoneScreen()
    {
        await using var session = await BrowserSession.StartAsync(chromium, BrowserSession.Phone);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);

        await demo.OpenAsync();
        await PageChecks.AssertFitsTheWidthAsync(page);
        await Screenshots.SaveAsync(page, "phone-1-democlient");

        await demo.StartSignInAsync();
        await PageChecks.AssertFitsTheWidthAsync(page);
        await Screenshots.SaveAsync(page, "phone-2-login");

        await new LoginPage(page, session.Stack).SignInAsync();
        await PageChecks.AssertFitsTheWidthAsync(page);
        await Screenshots.SaveAsync(page, "phone-3-consent");

        await new ConsentPage(page).AllowAsync();
        await PageChecks.AssertFitsTheWidthAsync(page);
        await Screenshots.SaveAsync(page, "phone-4-signed-in");
        await Screenshots.SaveAsync(page, "phone-4-signed-in-full", fullPage: true);

        await page.GotoAsync(ErrorPageTests.AuthorizeUrl(session.Stack.AuthServer, redirectUri: "https://evil.example/callback"));
        await PageChecks.AssertFitsTheWidthAsync(page);
        await Screenshots.SaveAsync(page, "phone-5-error");
        session.AssertNothingBlockedOrThirdParty();
    }

    private static async Task OpenLoginAsync(BrowserSession session)
    {
        var demo = new DemoClientPage(session.Page, session.Stack);
        await demo.OpenAsync();
        await demo.StartSignInAsync();
        await new LoginPage(session.Page, session.Stack).ExpectShownAsync();
    }
}
