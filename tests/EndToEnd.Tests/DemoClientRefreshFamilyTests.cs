using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>
/// The DemoClient's refresh panel names the token family (the sign-in) and shows what reuse detection revoked:
/// alice signed in from two browsers (two devices); replaying A's spent refresh token ends A's family only.
/// </summary>
public sealed class DemoClientRefreshFamilyTests(DemoClientStackFixture fixture) : IClassFixture<DemoClientStackFixture>
{
    [Fact]
    public async Task ReplayButton_ShowsReuseDetectionRevokingThisSignInsFamily_AndTheOtherSignInStillRefreshes()
    {
        using var deviceA = new DemoBrowser();
        using var deviceB = new DemoBrowser();
        var a = await DemoClientTests.SignInAsync(deviceA, fixture.Stack);
        var b = await DemoClientTests.SignInAsync(deviceB, fixture.Stack);
        Assert.Null(a.Document.QuerySelector("#replay-refresh"));

        a = await deviceA.PressAsync(a, "#refresh");
        var family = Text(a, "#action-result");
        Assert.Contains("still in token family", family, StringComparison.Ordinal);

        a = await deviceA.PressAsync(a, "#replay-refresh");

        Assert.Equal("success", a.Document.QuerySelector("#action-result")?.ClassName);
        var checks = a.Document.QuerySelectorAll("#action-result-checks tbody tr");
        Assert.Equal(3, checks.Length);
        Assert.All(checks, row => Assert.True(row.GetAttribute("data-passed") == "true", row.TextContent));
        Assert.Contains("invalid_grant", checks[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Reuse detection revoked token family", Text(a, "#action-result"), StringComparison.Ordinal);
        Assert.Null(a.Document.QuerySelector("#replay-refresh"));

        b = await deviceB.PressAsync(b, "#refresh");
        Assert.Equal("success", b.Document.QuerySelector("#action-result")?.ClassName);
    }

    private static string Text(BrowserPage page, string selector) =>
        page.Document.QuerySelector(selector)?.TextContent ?? throw new Xunit.Sdk.XunitException($"No {selector} on the page ({(int)page.Status}): {page.Html}");
}
