using DemoClient.Headless;
using DemoClient.Settings;
using DemoClient.Telemetry;
using DemoClient.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddDemoClientTelemetry();
builder.AddDemoClientSettings();
builder.AddDemoWeb();

var app = builder.Build();

// `walk [--native]`: the same four steps in the console against a running stack; the web server is not started.
if (args is ["walk", ..])
{
    return await Walkthrough.RunAsync(app.Services, Console.Out, native: args.Contains("--native"));
}

// `device`: the device authorization grant (RFC 8628) in the console: prints a code to enter at the AuthServer, polls.
if (args is ["device", ..])
{
    return await DeviceWalkthrough.RunAsync(app.Services, Console.Out);
}

app.UseDemoWeb();
app.MapDemoWeb();

await app.RunAsync();
return 0;
