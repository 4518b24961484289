using System.Net;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Protocol;

public sealed class RefreshTokenTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndRefusesTheOldOne()
    {
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();

        var second = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first["refresh_token"], second["refresh_token"]);
        Assert.NotEqual(first["access_token"], second["access_token"]);

        var replay = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);
    }

    [Fact]
    public async Task Refresh_RevokesTheWholeFamily_WhenAnOldTokenIsReused()
    {
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();
        var second = await client.RefreshAsync(first["refresh_token"]!);

        await client.RefreshAsync(first["refresh_token"]!);
        var stolen = await client.RefreshAsync(second["refresh_token"]!);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("invalid_grant", stolen.Error);
    }

    [Fact]
    public async Task Refresh_OnlyWorksForTheClientItWasIssuedTo()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        var other = await client.RefreshAsync(tokens["refresh_token"]!, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);

        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.True(other.Error is "invalid_grant" or "unauthorized_client", other.Error);
    }

    [Fact]
    public async Task Refresh_CannotWidenTheGrantedScope()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync("openid offline_access api.read");

        var wider = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"]!, ["scope"] = "openid offline_access api.read email" },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);

        // OpenIddict answers invalid_grant here (RFC 6749 §5.2 would also allow invalid_scope); either way no token.
        Assert.Equal(HttpStatusCode.BadRequest, wider.Status);
        Assert.Equal("invalid_grant", wider.Error);
        Assert.Null(wider["access_token"]);
    }
}
