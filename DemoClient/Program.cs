using DemoClient.Headless;
using DemoClient.Settings;
using DemoClient.Telemetry;
using DemoClient.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddDemoClientTelemetry();
builder.AddDemoClientSettings();
builder.AddDemoWeb();

var app = builder.Build();

// `walk`: the same four steps in the console against a running stack; the web server is not started.
if (args is ["walk", ..])
{
    return await Walkthrough.RunAsync(app.Services, Console.Out);
}

app.UseDemoWeb();
app.MapDemoWeb();

await app.RunAsync();
return 0;
