using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>
/// Refresh tokens (RFC 9700 §4.14, OAuth 2.1 §4.3): rotated on use, a reused one revokes its family, bound to their
/// client, never wider than the grant (checklist T2, T3).
/// </summary>
public sealed class RefreshRotationTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    [Trait("Security", "T2")]
    public async Task Refresh_RotatesTheToken_AndRefusesTheOldOne()
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
    [Trait("Security", "T2")]
    public async Task Refresh_RevokesTheWholeFamily_WhenAnOldTokenIsReused()
    {
        // The default reuse leeway is zero: any reuse is treated as theft.
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();
        var second = await client.RefreshAsync(first["refresh_token"]!);

        var reused = await client.RefreshAsync(first["refresh_token"]!);
        var stolen = await client.RefreshAsync(second["refresh_token"]!);

        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused.Error);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("invalid_grant", stolen.Error);
    }

    [Fact]
    [Trait("Security", "T3")]
    public async Task Refresh_RejectsToken_FromAnotherClient()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        var other = await client.RefreshAsync(tokens["refresh_token"]!, Seed.Service.Id, Seed.Service.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.True(other.Error is "invalid_grant" or "unauthorized_client", other.Error);
    }

    [Fact]
    [Trait("Security", "T3")]
    public async Task Refresh_MayNarrowTheScope_ButNeverWidenIt()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync("openid offline_access api.read");

        foreach (var wider in new[] { "openid offline_access api.read email", "openid offline_access api.read profile" })
        {
            var refused = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"]!, ["scope"] = wider },
                Seed.WebClient.Id, Seed.WebClient.Secret);

            // OpenIddict answers invalid_grant here (RFC 6749 §5.2 would also allow invalid_scope); either way no token.
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("invalid_grant", refused.Error);
            Assert.Null(refused["access_token"]);
        }

        var narrower = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"]!, ["scope"] = "api.read" },
            Seed.WebClient.Id, Seed.WebClient.Secret);
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal("api.read", Jwt.Payload(narrower["access_token"]!).GetProperty("scope").GetString());
    }
}

/// <summary>Refresh-token reuse on both sides of a configured leeway, with a fake clock (a host of its own).</summary>
public sealed class RefreshReuseLeewayTests
{
    [Fact]
    [Trait("Security", "T2")]
    public async Task Refresh_AllowsReuseInsideTheLeeway_AndRevokesTheFamilyAfterIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new AuthServerFactory()
            .With("AuthServer:Tokens:RefreshTokenReuseLeeway", "00:00:30")
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();
        var second = await client.RefreshAsync(first["refresh_token"]!);

        clock.Advance(TimeSpan.FromSeconds(20));
        var retried = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, retried.Status);

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(first["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(second["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(retried["refresh_token"]!)).Error);
    }
}
