using System.Net;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Security;

/// <summary>SECURITY.md "Metadata": M1, M2, M4, M5.</summary>
public sealed class MetadataSecurityTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task M1_Discovery_Is200Json_WithEveryRequiredMember()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // OIDC Discovery §3 REQUIRED members, plus the RFC 8414 ones this server supports.
        foreach (var member in new[] { "issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported",
                     "subject_types_supported", "id_token_signing_alg_values_supported", "userinfo_endpoint", "scopes_supported",
                     "grant_types_supported", "token_endpoint_auth_methods_supported", "code_challenge_methods_supported" })
        {
            Assert.True(doc.TryGetProperty(member, out _), member);
        }
    }

    [Fact]
    public async Task M2_Issuer_EqualsTheIssOfEveryToken()
    {
        using var client = factory.CreateOAuthClient();
        var issuer = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement.GetProperty("issuer").GetString();
        var user = await client.LoginAndRedeemAsync();
        var machine = await client.ClientCredentialsAsync();

        Assert.Equal(AuthServerFactory.Issuer, issuer);
        foreach (var token in new[] { user["access_token"]!, user["id_token"]!, machine["access_token"]! })
        {
            Assert.Equal(issuer, Jwt.Payload(token).GetProperty("iss").GetString());
        }
    }

    [Fact]
    public async Task M4_Jwks_HoldsPublicKeysOnly_WithUniqueKids()
    {
        using var client = factory.CreateOAuthClient();
        var keys = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/jwks")).RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
        foreach (var key in keys)
        {
            foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
            {
                Assert.False(key.TryGetProperty(secret, out _), secret);
            }
        }
    }

    [Fact]
    public async Task M5_SessionAndAntiforgeryCookies_AreHttpOnlyAndSameSite()
    {
        using var client = factory.CreateOAuthClient();
        var page = await client.Http.GetAsync("/account/login");
        var (form, _) = await HtmlForm.ParseAsync(page);
        var login = await client.Http.PostAsync(form.Action, form.Set("username", OAuthClient.Alice).Set("password", OAuthClient.AlicePassword).Content());

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
    public async Task M5_CookiesAreSecure_AndHstsIsSent_WhenTheRequestIsHttps()
    {
        // HSTS is never sent to localhost (browsers would pin every local dev server), so use a real-looking host.
        using var https = new AuthServerFactory().With("AuthServer:Issuer", "https://auth.example/");
        using var client = https.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://auth.example/"), AllowAutoRedirect = false });

        var page = await client.GetAsync("/account/login");

        Assert.All(page.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "HSTS missing under HTTPS");
    }
}
