using AuthServer.Account;
using AuthServer.Data;
using AuthServer.Device;
using AuthServer.Hosting;
using AuthServer.Keys;
using AuthServer.OAuth;
using AuthServer.Performance;
using AuthServer.Pages;
using AuthServer.Seeding;

var builder = WebApplication.CreateBuilder(args);

builder.AddLogSafety();
builder.AddAuthData();
builder.AddAccounts();
builder.AddOAuthServer();
builder.AddDeviceFlow();
builder.AddKeys();
builder.AddSeeding();
builder.AddRateLimits();
builder.AddRequestLimits();
builder.AddPerformanceTuning();
builder.Services.AddProblemDetails();

var app = builder.Build();

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(app, args);
}

if (args is ["keys", ..])
{
    return await KeyCommand.RunAsync(app, args);
}

app.UseErrorHandling();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseRateLimiter();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapHomePage();
app.MapSiteCss();
app.MapErrorEndpoint();
app.MapAccountPages();
app.MapOAuthEndpoints();
app.MapDevicePage();

return await StartupErrors.RunAsync(app);
