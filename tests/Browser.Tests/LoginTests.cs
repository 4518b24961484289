using Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>Scenario 2: wrong passwords on the AuthServer's sign-in page, up to the account lockout.</summary>
[Collection(ChromiumGroup.Name)]
public sealed class LoginTests(Chromium chromium)
{
    // AuthServer/Account/AccountExtensions.cs: Identity locks the account on the fifth failure in a row.
    private const int LockoutThreshold = 5;

    [Fact]
    public async Task Login_WrongPassword_ShowsOneMessageForEveryone_KeepsTheUsername_ThenLocksOut()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var demo = new DemoClientPage(page, session.Stack);
        var login = new LoginPage(page, session.Stack);
        await demo.OpenAsync();
        await demo.StartSignInAsync();
        await login.ExpectShownAsync();

        // An unknown user first: the message must be the one a known user with a wrong password gets.
        await login.SignInAsync("nobody-here", "Wrong123$");
        await login.ExpectShownAsync();
        var unknownUser = await login.Error.InnerTextAsync();

        await login.SignInAsync(Seed.User.Username, "Wrong123$");
        await login.ExpectShownAsync();
        await Expect(login.Error).ToHaveTextAsync(unknownUser);
        await Expect(login.Error).ToContainTextAsync("username or password is incorrect");
        await Expect(login.Username).ToHaveValueAsync(Seed.User.Username);
        await Expect(login.Password).ToBeEmptyAsync();
        await Expect(login.Password).ToBeFocusedAsync(); // typing resumes where it is needed
        await Expect(login.Username).ToHaveAttributeAsync("aria-describedby", "login-error");
        await Screenshots.SaveAsync(page, "login-1-wrong-password");

        for (var attempt = 2; attempt <= LockoutThreshold; attempt++)
        {
            await login.SignInAsync(Seed.User.Username, "Wrong123$");
        }

        await login.ExpectShownAsync();
        await Expect(login.Error).ToContainTextAsync("locked");
        await Screenshots.SaveAsync(page, "login-2-locked-out");

        // While locked, even the right password gets the lockout message and no session.
        await login.SignInAsync();
        await login.ExpectShownAsync();
        await Expect(login.Error).ToContainTextAsync("locked");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name.StartsWith("oauthsuite.session", StringComparison.Ordinal));
        session.AssertNothingBlockedOrThirdParty();
    }
}
