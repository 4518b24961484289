using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests.Infrastructure;

/// <summary>What every page owes a person: names for its controls, structure, keyboard focus, and a fit on a phone.</summary>
internal static class PageChecks
{
    private const string Focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary";

    /// <summary>
    /// Checked in Chromium's accessibility tree: every control has an accessible name, one level-1 heading, one
    /// main landmark and a banner, and the document says its language.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var tree = await AccessibilityTree.ReadAsync(page);
        Assert.True(!tree.ControlsWithoutName.Any(), $"Controls without an accessible name on {page.Url}:\n{tree}");
        Assert.True(tree.Headings(1).Count() == 1, $"Expected one level-1 heading on {page.Url}:\n{tree}");
        Assert.True(tree.WithRole("main").Count() == 1, $"Expected one main landmark on {page.Url}:\n{tree}");
        Assert.True(tree.WithRole("banner").Any(), $"Expected a banner landmark on {page.Url}:\n{tree}");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
    }

    /// <summary>
    /// Where focus starts: on <paramref name="field"/> when the page has one to type into, else the first Tab
    /// reaches the first control. Either way the focused control shows a visible outline.
    /// </summary>
    public static async Task AssertFocusStartsAtAsync(IPage page, ILocator? field = null)
    {
        if (field is null)
        {
            await page.Keyboard.PressAsync("Tab");
            field = page.Locator(Focusable).First;
        }

        await Expect(field).ToBeFocusedAsync();
        var outline = await field.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        Assert.NotEqual("none", outline);
    }

    /// <summary>Readable on a phone: nothing makes the page itself scroll sideways (wide tables scroll in their box).</summary>
    public static async Task AssertFitsTheWidthAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= clientWidth, $"{page.Url} is {scrollWidth}px wide in a {clientWidth}px window");
    }
}
