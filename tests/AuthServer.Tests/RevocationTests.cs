using System.Net;

namespace AuthServer.Tests;

/// <summary>Token revocation (RFC 7009): revoked tokens stop working, garbage is 200, no client revokes another's (checklist C5, C6).</summary>
public sealed class RevocationTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Revoke_MakesTheAccessTokenInactive()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync("api.read"))["access_token"]!;

        var revoked = await client.TokenAsync(new() { ["token"] = token }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var result = await client.TokenAsync(new() { ["token"] = token }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/introspect");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("false", result["active"]);
        Assert.Single(result.Json.EnumerateObject());
    }

    [Fact]
    public async Task Revoke_StopsARefreshTokenFromRefreshing()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        var revoked = await client.TokenAsync(new() { ["token"] = tokens["refresh_token"]!, ["token_type_hint"] = "refresh_token" },
            Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var refresh = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Theory]
    [Trait("Security", "C6")]
    [InlineData("not-a-token")]
    [InlineData("garbage.garbage.garbage")]
    public async Task Revoke_Returns200_ForGarbage(string token)
    {
        using var client = factory.CreateOAuthClient();
        var revoked = await client.TokenAsync(new() { ["token"] = token }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
    }

    [Fact]
    [Trait("Security", "C5")]
    public async Task RevokeAndIntrospect_IgnoreAnotherClientsToken()
    {
        using var client = factory.CreateOAuthClient();
        var userTokens = await client.LoginAndRedeemAsync();

        var revoked = await client.TokenAsync(new() { ["token"] = userTokens["refresh_token"]! }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/revoke");
        Assert.NotEqual(HttpStatusCode.InternalServerError, revoked.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(userTokens["refresh_token"]!)).Status);

        var inspected = await client.TokenAsync(new() { ["token"] = userTokens["refresh_token"]! }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/introspect");
        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.Equal("false", inspected["active"]);
    }
}
