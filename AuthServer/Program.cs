using AuthServer.Account;
using AuthServer.Cors;
using AuthServer.Data;
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
builder.AddCrossOrigin();
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
app.UseCors();
app.UseRateLimiter();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapHomePage();
app.MapSiteCss();
app.MapErrorEndpoint();
app.MapAccountPages();
app.MapOAuthEndpoints();

return await StartupErrors.RunAsync(app);
