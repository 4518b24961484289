using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;

namespace DemoClient.Headless;

/// <summary>
/// The native app's redirect target (RFC 8252 §7.3): a tiny Kestrel on 127.0.0.1 at a port the operating system
/// picks, alive only for one sign-in. It answers <c>GET /callback</c> once, hands the URL it received to the app,
/// and tells the user to go back to the app. Bound to the loopback interface only (§8.3), never to all interfaces.
/// </summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<Uri> _received;

    private LoopbackListener(WebApplication app, TaskCompletionSource<Uri> received, Uri baseUrl)
    {
        _app = app;
        _received = received;
        BaseUrl = baseUrl;
    }

    /// <summary>E.g. <c>http://127.0.0.1:49731/</c>; the redirect URI is its <c>callback</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<LoopbackListener> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var received = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.MapGet("/callback", (HttpContext context) =>
        {
            received.TrySetResult(new Uri(context.Request.GetEncodedUrl()));
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content("<!doctype html><title>Signed in</title><p>You can close this window and go back to the app.</p>", "text/html");
        });
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var listener = new LoopbackListener(app, received, new Uri(address.TrimEnd('/') + "/"));
        return listener;
    }

    /// <summary>The callback URL as the listener received it, or null if none came in time.</summary>
    public async Task<Uri?> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _received.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
