using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Browser.Tests.Infrastructure;

/// <summary>
/// One person at one browser: a fresh stack (AuthServer, ResourceApi, DemoClient on loopback) and a fresh browser
/// context (no cookies) with one tab. Every request leaving 127.0.0.1 is refused and recorded, and every
/// Content-Security-Policy violation the browser reports is kept: pages must load nothing from elsewhere
/// (SECURITY.md R8) and must work under their CSP.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>A laptop-sized window; the README's screenshots are taken at this width.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1000, Height = 760 };

    /// <summary>A small phone.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly ConcurrentQueue<string> _offLoopback = new();
    private readonly ConcurrentQueue<string> _cspViolations = new();
    private readonly ConcurrentQueue<Uri> _visited = new();
    private readonly ConcurrentQueue<Uri> _navigations = new();

    private BrowserSession(Stack stack, IBrowserContext context, IPage page)
    {
        Stack = stack;
        Context = context;
        Page = page;
    }

    public Stack Stack { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Every document the tab has shown, in order (redirect hops the browser followed are not pages).</summary>
    public IReadOnlyList<Uri> Visited => [.. _visited];

    /// <summary>Every URL the tab requested as a document, redirect hops included, in order.</summary>
    public IReadOnlyList<Uri> Navigations => [.. _navigations];

    /// <summary>
    /// Starts a stack and opens a tab. The sign-in rate limit is raised: tests sign in through the real form from
    /// one IP, and that limit is tested elsewhere (SECURITY.md C3). The account lockout is untouched.
    /// </summary>
    public static async Task<BrowserSession> StartAsync(Chromium chromium, ViewportSize? viewport = null, Action<JsonObject>? editSeed = null)
    {
        var stack = await StartStackAsync(editSeed);
        try
        {
            var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = viewport ?? Desktop,
                Locale = "en-GB",
                TimezoneId = "UTC",
            });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            var session = new BrowserSession(stack, context, page);
            await session.WatchAsync();
            return session;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The stack, started again once if WebApplicationFactory's known start-up race hits: with <c>UseKestrel(port)</c>
    /// it rewrites the server's addresses after Build(), while a minimal-API Program may already be starting the
    /// server on its own thread ("Addresses cannot be modified after the server has started"). Rare (about one
    /// stack start in a hundred here); the harness can avoid it by passing the port as a URL setting instead.
    /// </summary>
    private static async Task<Stack> StartStackAsync(Action<JsonObject>? editSeed)
    {
        var options = new StackOptions(AuthServerSettings: new Dictionary<string, string?>
        {
            ["AuthServer:RateLimits:LoginPermits"] = "100",
        }, EditSeed: editSeed);
        try
        {
            return await Stack.StartAsync(options);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("cannot be modified after the server has started", StringComparison.Ordinal))
        {
            return await Stack.StartAsync(options);
        }
    }

    /// <summary>Nothing left loopback, and the browser reported no CSP violation.</summary>
    public void AssertNothingBlockedOrThirdParty()
    {
        Assert.True(_offLoopback.IsEmpty, "Requests that left 127.0.0.1: " + string.Join(", ", _offLoopback));
        Assert.True(_cspViolations.IsEmpty, "Content-Security-Policy violations: " + string.Join(" | ", _cspViolations));
    }

    /// <summary>The requests refused because they would have left 127.0.0.1.</summary>
    public IReadOnlyList<string> OffLoopbackRequests => [.. _offLoopback];

    private async Task WatchAsync()
    {
        await Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.IsLoopback)
            {
                await route.ContinueAsync();
            }
            else
            {
                _offLoopback.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _cspViolations.Enqueue(message.Text);
            }
        };
        Page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Frame == Page.MainFrame)
            {
                _navigations.Enqueue(new Uri(request.Url));
            }
        };
        Page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                _visited.Enqueue(new Uri(frame.Url));
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Context.DisposeAsync();
        await Stack.DisposeAsync();
    }
}
