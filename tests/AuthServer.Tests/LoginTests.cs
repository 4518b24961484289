using System.Net;

namespace AuthServer.Tests;

/// <summary>The sign-in page: antiforgery, one message for every failure, and its cookies.</summary>
public sealed class LoginTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    [Trait("Security", "R10")]
    public async Task Login_RefusesPost_WithoutAntiforgeryToken()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = Seed.User.Username,
            ["password"] = Seed.User.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("oauthsuite.session", StringComparison.Ordinal)));
    }

    [Fact]
    [Trait("Security", "C3")]
    public async Task Login_ShowsSameMessage_ForUnknownUserAndWrongPassword()
    {
        using var client = factory.CreateOAuthClient();
        var page = await client.FollowAsync("/account/login");
        var unknown = await client.LoginAsync(page, "nobody-here", "Wrong123$");
        var wrong = await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, "Wrong123$");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var (_, unknownDoc) = await HtmlForm.ParseAsync(unknown);
        var (_, wrongDoc) = await HtmlForm.ParseAsync(wrong);
        Assert.Equal(wrongDoc.QuerySelector("#login-error")!.TextContent, unknownDoc.QuerySelector("#login-error")!.TextContent);
    }

    [Fact]
    [Trait("Security", "M5")]
    public async Task Login_SetsSessionAndAntiforgeryCookies_HttpOnlyAndSameSite()
    {
        using var client = factory.CreateOAuthClient();
        var page = await client.Http.GetAsync("/account/login");
        var (form, _) = await HtmlForm.ParseAsync(page);
        var login = await client.Http.PostAsync(form.Action, form.Set("username", Seed.User.Username).Set("password", Seed.User.Password).Content());

        var cookies = page.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("oauthsuite.session=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("oauthsuite.antiforgery=", StringComparison.Ordinal));
        foreach (var cookie in cookies.Where(c => c.StartsWith("oauthsuite.", StringComparison.Ordinal)))
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("(?i)samesite=(lax|strict)", cookie);
        }
    }

    [Fact]
    [Trait("Security", "M5")]
    public async Task Login_SetsSecureCookiesAndSendsHsts_WhenTheRequestIsHttps()
    {
        // HSTS is never sent to localhost (browsers would pin every local dev server), so use a real-looking host.
        using var https = new AuthServerFactory().With("AuthServer:Issuer", "https://auth.example/");
        using var client = https.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://auth.example/"), AllowAutoRedirect = false });

        var page = await client.GetAsync("/account/login");

        Assert.All(page.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "HSTS missing under HTTPS");
    }
}
