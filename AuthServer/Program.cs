using AuthServer;
using AuthServer.Account;
using AuthServer.Data;
using AuthServer.Hardening;
using AuthServer.Keys;
using AuthServer.Maintenance;
using AuthServer.OAuth;
using AuthServer.Pages;
using AuthServer.Seeding;
using AuthServer.Startup;
using AuthServer.Telemetry;
using AuthServer.TokenFamilies;

var builder = WebApplication.CreateBuilder(args);

builder.AddAuthServerOptions();
builder.AddLogSafety();
builder.AddAuthServerTelemetry();
builder.AddAuthData();
builder.AddKeys();
builder.AddSeeding();
builder.AddStartupSequence();
builder.AddAccounts();
builder.AddOAuthServer();
builder.AddRateLimits();
builder.AddRequestLimits();
builder.AddMaintenance();
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

if (args is ["sessions", ..])
{
    return await SessionsCommand.RunAsync(app, args);
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
app.MapHealthChecks("/health");
app.MapSiteCss();
app.MapErrorEndpoint();
app.MapAccountPages();
app.MapOAuthEndpoints();

return await StartupErrors.RunAsync(app);
