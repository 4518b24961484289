using ResourceApi.Auth;
using ResourceApi.Data;
using ResourceApi.Hosting;
using ResourceApi.Profile;
using ResourceApi.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddResourceApiTelemetry();
builder.AddBearerAuthentication();
builder.AddScopePolicies();
builder.AddApiDocument();
builder.AddApiCors();
builder.AddDataStore();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks();

var app = builder.Build();

app.UseApiSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();

var api = app.MapGroup("/api");
api.MapMe();
api.MapData();

app.MapHealthChecks("/health");
app.MapOpenApi();

app.Run();
