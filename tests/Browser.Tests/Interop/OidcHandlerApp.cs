using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Browser.Tests.Interop;

/// <summary>
/// A web app with a backend as a newcomer writes it: cookie sign-in plus ASP.NET Core's OpenID Connect handler
/// with its defaults (<c>response_mode=form_post</c>, PKCE, client_secret_post, the <c>/signin-oidc</c> and
/// <c>/signout-callback-oidc</c> paths, RP-initiated logout). Only what it cannot guess is set: authority, client id
/// and secret, the API scope, <c>RequireHttpsMetadata=false</c> for loopback HTTP, <c>SaveTokens</c> to call the API,
/// and, to get an access token at all, <c>ResponseType = "code"</c> (the handler's default is <c>id_token</c>, an
/// implicit sign-in with no access token, which the AuthServer refuses as OAuth 2.1 does; Microsoft's templates set
/// <c>code</c>). Pass <c>responseType: null</c> to keep the handler's default.
/// </summary>
internal sealed class OidcHandlerApp : IAsyncDisposable
{
    public const string ClientId = "aspnet-oidc-app";
    public const string ClientSecret = "aspnet-oidc-app-secret";

    private readonly WebApplication _app;

    private OidcHandlerApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The seed entry registering this app: a confidential client with the handler's default callback paths.</summary>
    public static JsonObject SeedEntry(Uri address) => new()
    {
        ["clientId"] = ClientId,
        ["displayName"] = "ASP.NET Core OIDC handler app",
        ["type"] = "confidential",
        ["clientSecret"] = ClientSecret,
        ["consent"] = "explicit",
        ["grantTypes"] = new JsonArray("authorization_code"),
        ["redirectUris"] = new JsonArray(new Uri(address, "signin-oidc").AbsoluteUri),
        ["postLogoutRedirectUris"] = new JsonArray(new Uri(address, "signout-callback-oidc").AbsoluteUri),
        ["scopes"] = new JsonArray("openid", "profile", "api.read"),
    };

    public static async Task<OidcHandlerApp> StartAsync(Uri address, Uri authority, Uri resourceApi, string? responseType = OpenIdConnectResponseType.Code)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, address.Port));
        // Test hygiene, not a handler setting: keys in memory rather than in the user's profile.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHttpClient();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority.AbsoluteUri;
                options.ClientId = ClientId;
                options.ClientSecret = ClientSecret;
                options.Scope.Add("api.read");
                options.RequireHttpsMetadata = false;
                options.SaveTokens = true;
                if (responseType is not null)
                {
                    options.ResponseType = responseType;
                }
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", async (HttpContext context, IHttpClientFactory http) =>
        {
            // The API call with the access token the handler saved.
            var token = await context.GetTokenAsync("access_token");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(resourceApi, "api/me"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.CreateClient().SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var e = HtmlEncoder.Default;
            return Results.Content($"""
                <!doctype html><html lang="en"><head><title>Signed in</title></head><body>
                <h1>Signed in</h1>
                <p id="sub">{e.Encode(context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "")}</p>
                <p id="api-status">{(int)response.StatusCode}</p>
                <pre id="api-body">{e.Encode(body)}</pre>
                <a href="/signout">Sign out</a>
                </body></html>
                """, "text/html");
        }).RequireAuthorization();

        app.MapGet("/signout", () => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/signed-out" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));

        app.MapGet("/signed-out", () => Results.Content(
            """<!doctype html><html lang="en"><head><title>Signed out</title></head><body><h1>Signed out</h1></body></html>""", "text/html"));

        await app.StartAsync();
        return new OidcHandlerApp(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
