using System.Net;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Protocol;

/// <summary>
/// A token family is one sign-in (one authorization-code grant): reuse detection (RFC 9700 §4.14.2) revokes that
/// family and nothing else, introspection (RFC 7662) never changes state, and revocation (RFC 7009 §2.1) of a refresh
/// token ends its family. Each test signs alice in twice to demo-client, from two cookie jars: devices A and B.
/// </summary>
public sealed class RefreshTokenFamilyTests(RefreshTokenFamilyTests.ClockedFactory factory) : IClassFixture<RefreshTokenFamilyTests.ClockedFactory>
{
    /// <summary>The real server with a fake clock, so a refresh token can be made to expire.</summary>
    public sealed class ClockedFactory : AuthServerFactory
    {
        public ClockedFactory() => WithServices(services => services.AddSingleton<TimeProvider>(Clock));

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Reuse_OnDeviceA_RevokesDeviceAsFamily_AndLeavesDeviceBWorking()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var b1 = await b.LoginAndRedeemAsync();
        var a2 = await Refreshed(a, a1);

        // A's response was lost on the network: A retries with the refresh token it still holds.
        var retry = await a.RefreshAsync(a1["refresh_token"]!);

        Assert.Equal("invalid_grant", retry.Error);
        Assert.Null(retry["access_token"]);
        await AssertInactive(a, a2);
        Assert.Equal("invalid_grant", (await a.RefreshAsync(a2["refresh_token"]!)).Error);
        await AssertActive(b, b1);
        await Refreshed(b, b1);
    }

    [Fact]
    public async Task Introspecting_ARotatedRefreshToken_ChangesNothing()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var b1 = await b.LoginAndRedeemAsync();
        var a2 = await Refreshed(a, a1);

        var rotated = await Introspect(a, a1["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal("""{"active":false}""", Compact(rotated));
        await AssertActive(a, a2);
        await AssertActive(b, b1);
        await Refreshed(a, a2);
        await Refreshed(b, b1);
    }

    private static async Task<TokenResponse> Refreshed(OAuthClient client, TokenResponse tokens)
    {
        var next = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.True(next.Status == HttpStatusCode.OK, $"refresh failed: {next.Error} {next["error_description"]}");
        Assert.NotEqual(tokens["refresh_token"], next["refresh_token"]);
        return next;
    }

    /// <summary>Both the access token and the refresh token of <paramref name="tokens"/> introspect as active.</summary>
    private static async Task AssertActive(OAuthClient client, TokenResponse tokens)
    {
        Assert.Equal("true", (await Introspect(client, tokens["access_token"]!))["active"]);
        Assert.Equal("true", (await Introspect(client, tokens["refresh_token"]!))["active"]);
    }

    private static async Task AssertInactive(OAuthClient client, TokenResponse tokens)
    {
        Assert.Equal("false", (await Introspect(client, tokens["access_token"]!))["active"]);
        Assert.Equal("false", (await Introspect(client, tokens["refresh_token"]!))["active"]);
    }

    private static Task<TokenResponse> Introspect(OAuthClient client, string token) =>
        client.TokenAsync(new() { ["token"] = token }, OAuthClient.DemoClient, OAuthClient.DemoClientSecret, endpoint: "/connect/introspect");

    private static string Compact(TokenResponse response) =>
        response.Json.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
}
