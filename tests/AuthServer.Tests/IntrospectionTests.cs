using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace AuthServer.Tests;

/// <summary>Token introspection (RFC 7662): for authenticated callers only; anything not active is <c>{"active": false}</c> alone (checklist C5, C7).</summary>
public sealed class IntrospectionTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Introspect_ReportsAnActiveAccessToken()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var result = await Introspect(client, token, Seed.Service.Id, Seed.Service.Secret);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("true", result["active"]);
        Assert.Equal(Seed.Service.Id, result["client_id"]);
        Assert.Equal("resource-api", result["aud"]);
        Assert.Equal("access_token", result["token_usage"]);
    }

    [Fact]
    [Trait("Security", "C5")]
    public async Task Introspect_RequiresClientAuthentication()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var result = await Introspect(client, token, Seed.Service.Id, "wrong-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    [Trait("Security", "C7")]
    public async Task Introspect_AnswersActiveFalseAlone_ForRevokedUnknownOrGarbageTokens()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync())["access_token"]!;
        await client.TokenAsync(new() { ["token"] = token }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/revoke");

        foreach (var candidate in new[] { token, "unknown-token", "not-a-token" })
        {
            var result = await Introspect(client, candidate, Seed.Service.Id, Seed.Service.Secret);
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.Equal("""{"active":false}""", result.Json.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        }
    }

    private static Task<TokenResponse> Introspect(OAuthClient client, string token, string clientId, string secret) =>
        client.TokenAsync(new() { ["token"] = token }, clientId, secret, endpoint: "/connect/introspect");
}
