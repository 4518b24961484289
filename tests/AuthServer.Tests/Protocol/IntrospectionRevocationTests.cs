using System.Net;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Protocol;

public sealed class IntrospectionRevocationTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Introspection_ReportsAnActiveAccessToken()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var result = await Introspect(client, token, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("true", result["active"]);
        Assert.Equal(OAuthClient.DemoService, result["client_id"]);
        Assert.Equal("resource-api", result["aud"]);
        Assert.Equal("access_token", result["token_usage"]);
    }

    [Fact]
    public async Task Revocation_MakesTheAccessTokenInactive()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var revoked = await client.TokenAsync(new() { ["token"] = token }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var result = await Introspect(client, token, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("false", result["active"]);
        Assert.Single(result.Json.EnumerateObject());
    }

    [Fact]
    public async Task Revocation_OfARefreshToken_StopsItFromRefreshing()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        var revoked = await client.TokenAsync(new() { ["token"] = tokens["refresh_token"]!, ["token_type_hint"] = "refresh_token" },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var refresh = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task Revocation_OfGarbage_Returns200()
    {
        using var client = factory.CreateOAuthClient();
        var revoked = await client.TokenAsync(new() { ["token"] = "not-a-token" }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
    }

    [Fact]
    public async Task Introspection_OfGarbage_ReportsInactiveOnly()
    {
        using var client = factory.CreateOAuthClient();
        var result = await Introspect(client, "not-a-token", OAuthClient.DemoService, OAuthClient.DemoServiceSecret);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("false", result["active"]);
        Assert.Single(result.Json.EnumerateObject());
    }

    [Fact]
    public async Task Introspection_RequiresClientAuthentication()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var result = await Introspect(client, token, OAuthClient.DemoService, "wrong-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    private static Task<TokenResponse> Introspect(OAuthClient client, string token, string clientId, string secret) =>
        client.TokenAsync(new() { ["token"] = token }, clientId, secret, endpoint: "/connect/introspect");
}
