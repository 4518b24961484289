using System.Text.RegularExpressions;
using Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>Scenario 5: a request the AuthServer must not send back to the client is shown on its own error page.</summary>
[Collection(ChromiumGroup.Name)]
public sealed partial class ErrorPageTests(Chromium chromium)
{
    [Fact]
    public async Task UnregisteredRedirectUri_ShowsTheErrorPage_AndTheBrowserStaysOnIt()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        var url = AuthorizeUrl(session.Stack.AuthServer, redirectUri: "https://evil.example/callback");

        var response = await page.GotoAsync(url);
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

        Assert.Equal(400, response?.Status);
        Assert.True(page.IsOn(session.Stack.AuthServer, "connect/authorize"), $"The browser left the AuthServer: {page.Url}");
        Assert.All(session.Visited, visited => Assert.Equal(session.Stack.AuthServer.Port, visited.Port));
        Assert.Empty(session.OffLoopbackRequests);

        await Expect(page.Heading()).ToHaveTextAsync("This sign-in request can't continue");
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("an address that is not registered");
        await Expect(main).ToContainTextAsync("invalid_request");
        var text = await main.InnerTextAsync();
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace(), await page.ContentAsync());
        await Screenshots.SaveAsync(page, "error-unregistered-redirect-uri");
        session.AssertNothingBlockedOrThirdParty();
    }

    internal static string AuthorizeUrl(Uri authServer, string redirectUri, string? clientId = null) =>
        QueryHelpers.AddQueryString(new Uri(authServer, "connect/authorize").AbsoluteUri, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId ?? Seed.WebClient.Id,
            ["redirect_uri"] = redirectUri,
            ["scope"] = "openid api.read",
            ["state"] = "state-123",
            ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ["code_challenge_method"] = "S256",
        });

    // .NET stack frames ("   at Foo.Bar() in /x.cs:line 3") or exception type names.
    [GeneratedRegex(@"\bat [\w.]+\(|\w+Exception\b|:line \d+")]
    private static partial Regex StackTrace();
}
