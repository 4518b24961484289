using Microsoft.Playwright;

namespace Browser.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole run, driven by Playwright. Playwright's own browser download is never
/// used (there is no network for it): the system browser is named by path, and CI installs it (.ci/run).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // No sandbox (CI runs as root), no GPU, and nothing phoned home: the pages' own requests are the only traffic.
    private static readonly string[] Flags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    /// <summary>
    /// How long any wait (an action, a navigation, an expectation) may take. A deadline, never a measurement: these
    /// tests run beside the other test projects and other work on the same 2 cores, where under a CPU hog a click
    /// on the consent page took over 15 s to land.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install it with 'apt-get install -y chromium' (.ci/run does).");
        }

        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
        });
    }

    public async Task DisposeAsync()
    {
        // Closing the browser ends its processes; disposing Playwright ends the driver.
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Every browser test shares the one Chromium; each test has its own stack and browser context.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumGroup : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
