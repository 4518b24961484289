using System.Net;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Protocol;

public sealed class DiscoveryTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Discovery_AdvertisesTheIssuerAndOnlyTheOAuth21Grants()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(AuthServerFactory.Issuer, doc.GetProperty("issuer").GetString());
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"], Strings(doc, "grant_types_supported").Order());
        Assert.Equal(["code"], Strings(doc, "response_types_supported"));
        Assert.Equal(["S256"], Strings(doc, "code_challenge_methods_supported"));
        Assert.True(doc.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "introspection_endpoint", "revocation_endpoint", "userinfo_endpoint", "end_session_endpoint", "jwks_uri", "device_authorization_endpoint" })
        {
            Assert.True(doc.TryGetProperty(endpoint, out _), endpoint);
        }
    }

    [Fact]
    public async Task Jwks_PublishesOnePublicRsaKey_WithoutPrivateParts()
    {
        using var client = factory.CreateOAuthClient();
        var doc = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/jwks")).RootElement;

        var key = Assert.Single(doc.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        Assert.Equal(256, OAuthClientBase64UrlLength(key.GetProperty("n").GetString()!));
        foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
        {
            Assert.False(key.TryGetProperty(secret, out _), secret);
        }
    }

    [Fact]
    public async Task Health_ReportsHealthy()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static string[] Strings(JsonElement doc, string name) => [.. doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    // RSA-2048: the modulus is 256 bytes.
    private static int OAuthClientBase64UrlLength(string value) =>
        Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=')).Length;
}
