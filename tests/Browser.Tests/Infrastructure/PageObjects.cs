using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests.Infrastructure;

/// <summary>What a person does on the pages, found the way they find it: by role and accessible name.</summary>
internal static class PageObjects
{
    /// <summary>
    /// Clicks (or presses Enter on) something that submits a form, and waits until the page it leads to has loaded,
    /// however many redirects lie between (the URL alone cannot tell: a button may lead back to the same URL).
    /// </summary>
    public static async Task SubmitAsync(this IPage page, Func<Task> action)
    {
        var navigated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                navigated.TrySetResult();
            }
        }

        page.FrameNavigated += OnNavigated;
        try
        {
            await action();
            await navigated.Task.WaitAsync(Chromium.Patience);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }

        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    public static Task SubmitAsync(this IPage page, ILocator button) => page.SubmitAsync(() => button.ClickAsync());

    public static ILocator Heading(this IPage page) => page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Level = 1 });

    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });

    public static bool IsOn(this IPage page, Uri service, string path) =>
        new Uri(page.Url).GetLeftPart(UriPartial.Path) == new Uri(service, path).AbsoluteUri;
}

/// <summary>The DemoClient's walkthrough page.</summary>
internal sealed class DemoClientPage(IPage page, Stack stack)
{
    public ILocator Step(int number) => page.Locator($"#step-{number}");

    public ILocator Actions => page.Locator("#actions");

    public async Task OpenAsync()
    {
        await page.GotoAsync(stack.DemoClient.AbsoluteUri);
        await Expect(page.Heading()).ToHaveTextAsync("The authorization code flow, step by step");
    }

    /// <summary>Step 2's button: off to the AuthServer (it reads "Sign in again" once signed in).</summary>
    public Task StartSignInAsync() => page.SubmitAsync(page.Locator("#signin").GetByRole(AriaRole.Button));

    /// <summary>One of the buttons under "Using the tokens" (refresh, revoke, log out).</summary>
    public Task PressAsync(string name) => page.SubmitAsync(Actions.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = name, Exact = true }));

    public bool IsShown => page.IsOn(stack.DemoClient, "/");
}

/// <summary>The AuthServer's sign-in form.</summary>
internal sealed class LoginPage(IPage page, Stack stack)
{
    public ILocator Username => page.GetByLabel("Username");

    public ILocator Password => page.GetByLabel("Password");

    public ILocator Error => page.Locator("#login-error");

    public bool IsShown => page.IsOn(stack.AuthServer, "account/login");

    public async Task ExpectShownAsync()
    {
        Assert.True(IsShown, $"Expected the AuthServer's sign-in page, got {page.Url}");
        await Expect(page.Heading()).ToHaveTextAsync("Sign in");
    }

    /// <summary>Types as a keyboard user would: the username, Tab to the password, Enter to send.</summary>
    public async Task SignInAsync(string? username = null, string? password = null)
    {
        await Username.FillAsync(username ?? Seed.User.Username);
        await page.Keyboard.PressAsync("Tab");
        await Expect(Password).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(password ?? Seed.User.Password);
        await page.SubmitAsync(() => page.Keyboard.PressAsync("Enter"));
    }
}

/// <summary>The AuthServer's consent page.</summary>
internal sealed class ConsentPage(IPage page)
{
    public ILocator Allow => page.Button("Allow");

    public ILocator Deny => page.Button("Deny");

    public Task<bool> IsShownAsync() => page.Locator("button[name=consent_decision]").First.IsVisibleAsync();

    public Task AllowAsync() => page.SubmitAsync(Allow);

    public Task DenyAsync() => page.SubmitAsync(Deny);
}
