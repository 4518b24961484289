using AuthServer.Account;
using AuthServer.Data;
using AuthServer.Hosting;
using AuthServer.Keys;
using AuthServer.OAuth;
using AuthServer.Pages;
using AuthServer.Seeding;

var builder = WebApplication.CreateBuilder(args);

builder.AddAuthData();
builder.AddKeys();
builder.AddAccounts();
builder.AddOAuthServer();
builder.AddSeeding();
builder.Services.AddProblemDetails();

var app = builder.Build();

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(app, args);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHomePage();
app.MapSiteCss();
app.MapAccountPages();
app.MapOAuthEndpoints();

return await StartupErrors.RunAsync(app);
