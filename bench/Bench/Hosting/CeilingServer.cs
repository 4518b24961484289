using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bench.Hosting;

/// <summary>
/// The ceiling: plain Kestrel minimal-API endpoints hosted in the runner's own process (server GC, like the services),
/// measured with the same load generator in the same run. Nothing the services do can be faster than this on this
/// machine at this moment, so every speed is also given as a fraction of it.
/// </summary>
internal sealed class CeilingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CeilingServer(WebApplication app, int port)
    {
        _app = app;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public static async Task<CeilingServer> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/hello", () => "Hello, World!");
        // A form POST like a token request: the body is read and parsed, the answer is tiny.
        app.MapPost("/form", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return Results.Text(form.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        await app.StartAsync();
        return new CeilingServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
