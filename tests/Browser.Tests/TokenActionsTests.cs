using Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>Scenario 6: the DemoClient's refresh and revoke buttons, and a revoked token being refused.</summary>
[Collection(ChromiumGroup.Name)]
public sealed class TokenActionsTests(Chromium chromium)
{
    [Fact]
    public async Task RefreshAndRevokeButtons_Work_AndTheRevokedRefreshTokenIsRefused()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        await demo.OpenAsync();
        await demo.StartSignInAsync();
        await new LoginPage(page, session.Stack).SignInAsync();
        await new ConsentPage(page).AllowAsync();
        var result = page.Locator("#action-result");

        await demo.PressAsync("Refresh tokens");
        await Expect(result).ToHaveClassAsync("success");
        await Expect(page.Locator("#action-result-checks tr[data-passed=true]")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(demo.Actions, "tokens-1-refreshed");

        await demo.PressAsync("Revoke access token");
        await Expect(result).ToContainTextAsync("reports the access token inactive");
        await Expect(page.Locator("#action-result-checks")).ToContainTextAsync("active: false");
        await Screenshots.SaveAsync(demo.Actions, "tokens-2-access-revoked");

        await demo.PressAsync("Revoke refresh token");
        await Expect(result).ToHaveClassAsync("success");
        await Expect(page.Locator("#action-result-checks tr[data-passed=true]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#action-result-checks")).ToContainTextAsync("invalid_grant");
        await Expect(demo.Actions).ToContainTextAsync("\"error\": \"invalid_grant\"");
        await Screenshots.SaveAsync(demo.Actions, "tokens-3-refresh-revoked-and-refused");

        // The revoked refresh token is gone for good: refreshing again is refused.
        await demo.PressAsync("Refresh tokens");
        await Expect(result).ToHaveClassAsync("alert");
        await Expect(result).ToContainTextAsync("sign in first");
        await Screenshots.SaveAsync(demo.Actions, "tokens-4-refresh-refused");
        session.AssertNothingBlockedOrThirdParty();
    }
}
