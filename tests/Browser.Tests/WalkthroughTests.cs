using Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>
/// Scenario 1, the happy path a newcomer takes. Its screenshots are the README's: regenerate them with
/// <c>SCREENSHOTS_DIR=docs/screenshots dotnet test tests/Browser.Tests --filter Walkthrough</c>.
/// </summary>
[Collection(ChromiumGroup.Name)]
public sealed class WalkthroughTests(Chromium chromium)
{
    [Fact]
    public async Task Walkthrough_SignInAndConsent_FillAllFourSteps_EndingWithTheApiResponse()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        var login = new LoginPage(page, session.Stack);
        var consent = new ConsentPage(page);

        await page.Clock.InstallAsync(); // the page's expiry countdown runs on it; fast-forwarded below
        await demo.OpenAsync();
        await Expect(demo.Step(1)).ToContainTextAsync("issuer");
        await Screenshots.SaveAsync(page, "walkthrough-1-democlient");

        await demo.StartSignInAsync();
        await login.ExpectShownAsync();
        await Expect(login.Username).ToBeFocusedAsync();
        await Screenshots.SaveAsync(page, "walkthrough-2-login");

        await login.SignInAsync();
        Assert.True(await consent.IsShownAsync(), $"Expected the consent page, got {page.Url}");
        await Expect(page.Heading()).ToContainTextAsync("OAuthSuite demo client");
        await Expect(page.Locator("main")).ToContainTextAsync("Read your data");
        await Expect(page.Locator("main")).ToContainTextAsync(Seed.User.Username);
        await Screenshots.SaveAsync(page, "walkthrough-3-consent");

        await consent.AllowAsync();
        Assert.True(demo.IsShown, $"Expected to be back on the DemoClient, got {page.Url}");
        for (var step = 1; step <= 4; step++)
        {
            await Expect(demo.Step(step)).ToBeVisibleAsync();
        }

        await Expect(page.Locator("#authorize-parameters")).ToContainTextAsync("code_challenge_method");
        await Expect(page.Locator("#callback-result")).ToContainTextAsync("State and issuer match");
        await Expect(page.Locator("#idtoken-result")).ToContainTextAsync("The ID token is valid");
        await Expect(page.Locator("#idtoken-claims")).ToContainTextAsync(Seed.User.Username);
        await Expect(page.Locator("#api-status")).ToContainTextAsync("200");
        await Expect(demo.Step(4).Locator("pre")).ToBeVisibleAsync(); // the API's answer is open, not folded away
        await Expect(demo.Step(4).Locator("pre")).ToContainTextAsync("\"sub\"");

        await Expect(page.Locator(".progress .done")).ToHaveCountAsync(4);
        // The expiry countdown ticks (its script runs under the page's CSP): a minute later it reads less.
        var countdown = page.Locator("#idtoken-claims .countdown");
        await Expect(countdown).ToContainTextAsync("expires in");
        var before = await countdown.InnerTextAsync();
        await page.Clock.FastForwardAsync("01:00");
        await Expect(countdown).Not.ToHaveTextAsync(before);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, "walkthrough-4-all-steps-done");
        await Screenshots.SaveAsync(page.Locator(".token").Filter(new() { Has = page.Locator("#idtoken-claims") }), "walkthrough-5-id-token");
        await Screenshots.SaveAsync(demo.Step(4), "walkthrough-6-api-call");
        session.AssertNothingBlockedOrThirdParty();
    }
}
