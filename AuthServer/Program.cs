using AuthServer;
using AuthServer.Account;
using AuthServer.Admin;
using AuthServer.Cors;
using AuthServer.Data;
using AuthServer.Device;
using AuthServer.Hardening;
using AuthServer.Health;
using AuthServer.Keys;
using AuthServer.Maintenance;
using AuthServer.OAuth;
using AuthServer.Pages;
using AuthServer.Seeding;
using AuthServer.Startup;
using AuthServer.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddAuthServerOptions();
builder.AddLogSafety();
builder.AddAuthServerTelemetry();
builder.AddAuthData();
builder.AddKeys();
builder.AddSeeding();
builder.AddStartupSequence();
builder.AddHealth();
builder.AddAccounts();
builder.AddOAuthServer();
builder.AddDeviceFlow();
builder.AddCrossOrigin();
builder.AddRateLimits();
builder.AddRequestLimits();
builder.AddMaintenance();
builder.Services.AddProblemDetails();

var app = builder.Build();

if (AdminCommands.Handles(args))
{
    return await AdminCommands.RunAsync(app, args);
}

app.UseErrorHandling();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseCors();
app.UseRateLimiter();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapHomePage();
app.MapHealthEndpoints();
app.MapSiteCss();
app.MapErrorEndpoint();
app.MapAccountPages();
app.MapOAuthEndpoints();
app.MapDevicePage();

return await StartupErrors.RunAsync(app);
