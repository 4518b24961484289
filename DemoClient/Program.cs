using DemoClient.Headless;
using DemoClient.Settings;
using DemoClient.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddDemoClientSettings();
builder.AddDemoWeb();

var app = builder.Build();

// `walk [--native]`: the same four steps in the console against a running stack; the web server is not started.
if (args is ["walk", ..])
{
    return await Walkthrough.RunAsync(app.Services, Console.Out, native: args.Contains("--native"));
}

app.UseDemoWeb();
app.MapDemoWeb();

await app.RunAsync();
return 0;
