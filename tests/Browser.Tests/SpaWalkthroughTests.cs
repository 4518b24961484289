using System.Collections.Concurrent;
using System.Text.Json;
using Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>
/// The public-client walkthrough at /spa in Chromium: the page's own JavaScript runs PKCE, redeems the code
/// cross-origin, calls the API and refreshes, under its CSP; afterwards no token is found in any browser storage.
/// </summary>
[Collection(ChromiumGroup.Name)]
public sealed class SpaWalkthroughTests(Chromium chromium)
{
    [Fact]
    public async Task SpaWalkthrough_RunsToTheApiCallAndRefresh_WithTokensOnlyInMemory()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var stack = session.Stack;
        var tokenResponses = new ConcurrentQueue<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url == new Uri(stack.AuthServer, "connect/token").AbsoluteUri)
            {
                tokenResponses.Enqueue(response);
            }
        };

        await page.GotoAsync(new Uri(stack.DemoClient, "spa").AbsoluteUri);
        await Expect(page.Heading()).ToHaveTextAsync("A browser app (public client), step by step");
        await Expect(page.Locator("#without-a-secret")).ToContainTextAsync("PKCE is the only proof");
        await Expect(page.Locator("#without-a-secret")).ToContainTextAsync("backend-for-frontend");
        await Expect(page.Locator("#step-1 .state")).ToHaveTextAsync("✓ done"); // discovery, fetched cross-origin
        await Expect(page.Locator("#authorize-parameters")).ToContainTextAsync("S256");

        await page.SubmitAsync(page.Locator("#spa-signin"));
        var login = new LoginPage(page, stack);
        await login.ExpectShownAsync();
        await login.SignInAsync();
        var consent = new ConsentPage(page);
        Assert.True(await consent.IsShownAsync(), $"Expected the consent page, got {page.Url}");
        await Expect(page.Heading()).ToContainTextAsync("OAuthSuite demo SPA");
        await consent.AllowAsync();

        // Back at /spa/callback: the page checks state and iss, redeems the code itself, validates the ID token
        // against the JWKS and calls the ResourceApi and userinfo, all from the browser.
        await Expect(page.Locator("#callback-result")).ToContainTextAsync("State and issuer match");
        await Expect(page.Locator("#token-status")).ToContainTextAsync("200");
        await Expect(page.Locator("#idtoken-result")).ToContainTextAsync("The ID token is valid");
        await Expect(page.Locator("#idtoken-claims")).ToContainTextAsync(Seed.User.Username);
        await Expect(page.Locator("#api-status")).ToContainTextAsync("200");
        await Expect(page.Locator("#userinfo-status")).ToContainTextAsync("200");
        await Expect(page.Locator("#step-4 pre").First).ToContainTextAsync("\"sub\"");
        Assert.True(page.IsOn(stack.DemoClient, "spa"), $"The code should have left the address bar: {page.Url}");

        await page.Locator("#spa-refresh").ClickAsync();
        await Expect(page.Locator("#refresh-result")).ToContainTextAsync("The refresh token rotated.");
        await page.Locator("#spa-replay").ClickAsync();
        await Expect(page.Locator("#replay-status")).ToContainTextAsync("400");
        await Expect(page.Locator("#replay-result")).ToContainTextAsync("invalid_grant");
        await Expect(page.Locator(".progress .done")).ToHaveCountAsync(5);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, "spa-1-public-client");
        await Screenshots.SaveAsync(page.Locator("#step-5"), "spa-2-refresh-rotation");

        // Every token the browser ever received, read off the wire, must be absent from every kind of storage.
        var tokens = new List<string>();
        foreach (var response in tokenResponses.Where(r => r.Status == 200))
        {
            using var json = JsonDocument.Parse(await response.TextAsync());
            tokens.AddRange(json.RootElement.EnumerateObject()
                .Where(p => p.Name is "access_token" or "refresh_token" or "id_token")
                .Select(p => p.Value.GetString()!));
        }

        Assert.True(tokens.Count >= 5, $"Expected the code exchange's three tokens and the refresh's two, saw {tokens.Count}");
        var sessionStorage = await page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(sessionStorage))");
        var localStorage = await page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage))");
        var storageState = await session.Context.StorageStateAsync(); // cookies and localStorage of every origin
        var cookies = await session.Context.CookiesAsync();
        Assert.Equal("[]", sessionStorage); // the PKCE verifier, state and nonce were deleted by the callback
        Assert.Equal("[]", localStorage);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, storageState, StringComparison.Ordinal);
            Assert.DoesNotContain(cookies, c => c.Value.Contains(token, StringComparison.Ordinal) || token.Contains(c.Value, StringComparison.Ordinal) && c.Value.Length > 20);
        }

        await Expect(page.Locator("#storage-table")).ToContainTextAsync("access, refresh, id");
        await page.ReloadAsync();
        await Expect(page.Locator("#step-1 .state")).ToHaveTextAsync("✓ done");
        await Expect(page.Locator("#storage-table")).ToContainTextAsync("(none)"); // a reload forgets the tokens

        session.AssertNothingBlockedOrThirdParty(); // no CSP violation: the page's only script ran by its hash
    }
}
