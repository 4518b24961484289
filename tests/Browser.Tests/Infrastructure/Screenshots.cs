using Microsoft.Playwright;

namespace Browser.Tests.Infrastructure;

/// <summary>
/// PNGs of the pages as a person sees them. By default under the test output (<c>TestResults/screenshots</c> next to
/// the test binaries); <c>SCREENSHOTS_DIR</c> sends them elsewhere (a relative path is taken from the repo root),
/// which is how the README's walkthrough images in <c>docs/screenshots</c> are regenerated.
/// </summary>
internal static class Screenshots
{
    public const string FolderVariable = "SCREENSHOTS_DIR";

    public static string Folder { get; } = Resolve();

    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = false)
    {
        var path = PathFor(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>One element (a step card, say), as tall as it is.</summary>
    public static async Task<string> SaveAsync(ILocator element, string name)
    {
        var path = PathFor(name);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    private static string PathFor(string name) => Path.Combine(Folder, name + ".png");

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        var folder = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")
            : Path.GetFullPath(configured, RepoPaths.Root);
        return Directory.CreateDirectory(folder).FullName;
    }
}
