using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace AuthServer.Tests;

/// <summary>Discovery and JWKS (RFC 8414, OpenID Connect Discovery §3–4), and the health probe (checklist M1, M2, M4, P1, G2, R5).</summary>
public sealed class DiscoveryTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    [Trait("Security", "P1")]
    [Trait("Security", "G2")]
    [Trait("Security", "R5")]
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
    [Trait("Security", "M1")]
    public async Task Discovery_Is200Json_WithEveryRequiredMember()
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
    [Trait("Security", "M2")]
    public async Task Discovery_Issuer_EqualsTheIssOfEveryToken()
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
    [Trait("Security", "M4")]
    public async Task Jwks_PublishesPublicRsaKeysOnly_WithUniqueKids()
    {
        using var client = factory.CreateOAuthClient();
        var keys = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/jwks")).RootElement.GetProperty("keys").EnumerateArray().ToList();

        var key = Assert.Single(keys);
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
        Assert.Equal(256, Base64Url.DecodeFromChars(key.GetProperty("n").GetString()).Length); // RSA-2048: a 256-byte modulus
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
}
