using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>
/// A token family is one sign-in (one authorization-code grant): reuse detection (RFC 9700 §4.14.2) revokes that
/// family and nothing else, introspection (RFC 7662) never changes state, and revocation (RFC 7009 §2.1) of a refresh
/// token ends its family. Each test signs alice in twice to demo-client, from two cookie jars: devices A and B.
/// </summary>
[Trait("Security", "T2")]
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

    [Fact]
    public async Task Consent_IsRememberedAcrossSignIns_ButEachSignInIsItsOwnFamily()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();

        // Device B signs in: the consent given on A is remembered, so B goes straight back to the client.
        var (_, challenge) = OAuthClient.NewPkce();
        var login = await b.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        var afterLogin = await b.LoginAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, afterLogin.StatusCode);
        var b1 = await b.LoginAndRedeemAsync();

        Assert.NotEqual(Family(a1), Family(b1));
        Assert.Equal(Family(a1), Family(await Refreshed(a, a1)));
    }

    [Theory]
    [InlineData("rotated")]
    [InlineData("revoked")]
    [InlineData("expired")]
    [InlineData("garbage")]
    public async Task Introspecting_ADeadRefreshToken_ChangesNothing(string kind)
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var dead = "not-a-token";
        TokenResponse? aliveOnA = null;
        switch (kind)
        {
            case "rotated":
                aliveOnA = await Refreshed(a, a1);
                dead = a1["refresh_token"]!;
                break;
            case "revoked":
                Assert.Equal(HttpStatusCode.OK, (await Revoke(a, a1["refresh_token"]!)).Status);
                dead = a1["refresh_token"]!;
                break;
            case "expired":
                // A's sign-in outlives its refresh token (14 days); B signs in just before A's token expires.
                factory.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
                dead = a1["refresh_token"]!;
                break;
            default:
                aliveOnA = a1;
                break;
        }

        var b1 = await b.LoginAndRedeemAsync();
        if (kind == "expired")
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(2));
            b1 = await Refreshed(b, b1);
        }

        var answers = new[] { await Introspect(a, dead), await Introspect(b, dead) };

        Assert.All(answers, answer => Assert.Equal("""{"active":false}""", Compact(answer)));
        await AssertActive(b, b1);
        if (aliveOnA is not null)
        {
            await AssertActive(a, aliveOnA);
            await Refreshed(a, aliveOnA);
        }

        await Refreshed(b, b1);
    }

    [Fact]
    public async Task Revoking_ARefreshToken_EndsItsFamily_AndNoOther()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var b1 = await b.LoginAndRedeemAsync();

        var revoked = await Revoke(a, a1["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        await AssertInactive(a, a1);
        Assert.Equal("invalid_grant", (await a.RefreshAsync(a1["refresh_token"]!)).Error);
        await AssertActive(b, b1);
        await Refreshed(b, b1);
    }

    [Fact]
    public async Task Revoking_ARotatedRefreshToken_ChangesNothing()
    {
        using var a = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var a2 = await Refreshed(a, a1);

        var revoked = await Revoke(a, a1["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        await AssertActive(a, a2);
        await Refreshed(a, a2);
    }

    [Fact]
    public async Task ReplayingACode_RevokesThatSignInOnly()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var b1 = await b.LoginAndRedeemAsync();
        var (code, verifier) = await a.GetCodeAsync();
        var a1 = await a.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, a1.Status);

        var replay = await a.RedeemAsync(code, verifier);

        // RFC 6749 §4.1.2: a code used twice is refused, and the tokens issued from it should be revoked.
        Assert.Equal("invalid_grant", replay.Error);
        await AssertInactive(a, a1);
        await AssertActive(b, b1);
    }

    [Fact]
    public async Task RevokingTheUsersSessions_EndsEveryFamily_AndAsksForConsentAgain()
    {
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var b1 = await b.LoginAndRedeemAsync();
        var b2 = await Refreshed(b, b1);

        var (exitCode, output, error) = await ServiceProcess.RunAsync("AuthServer", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["AuthServer__DataPath"] = factory.DataPath,
            ["Seed__Path"] = factory.SeedPath,
        }, $"sessions revoke {Seed.User.Username} {Seed.WebClient.Id}");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Revoked", output, StringComparison.Ordinal);
        foreach (var (client, tokens) in new[] { (a, a1), (b, b2) })
        {
            await AssertInactive(client, tokens);
            Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens["refresh_token"]!)).Error);
        }

        // The consent went with them: the next sign-in asks again.
        var (_, challenge) = OAuthClient.NewPkce();
        var page = await a.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        Assert.Contains("consent_decision", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

    private static Task<TokenResponse> Revoke(OAuthClient client, string token) =>
        client.TokenAsync(new() { ["token"] = token }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/revoke");

    /// <summary>The family an access token belongs to: OpenIddict's authorization id, carried in every access token.</summary>
    private static string Family(TokenResponse tokens) => Jwt.Payload(tokens["access_token"]!).GetProperty("oi_au_id").GetString()!;

    private static Task<TokenResponse> Introspect(OAuthClient client, string token) =>
        client.TokenAsync(new() { ["token"] = token }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/introspect");

    private static string Compact(TokenResponse response) =>
        response.Json.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
}

/// <summary>Families across a restart and with a reuse leeway: each needs a host of its own.</summary>
public sealed class RefreshTokenFamilyHostTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("family-test-").FullName;

    [Fact]
    public async Task RemovingTheUserFromTheSeed_EndsEveryFamily()
    {
        var data = _data;
        TokenResponse a1, b1;
        using (var first = AuthServerFactory.Create(data, seedPath: null))
        {
            using var a = first.CreateOAuthClient();
            using var b = first.CreateOAuthClient();
            a1 = await a.LoginAndRedeemAsync();
            b1 = await b.LoginAndRedeemAsync();
        }

        var withoutAlice = JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile))!;
        withoutAlice["users"] = new JsonArray();
        var seed = Path.Combine(data, "seed-without-alice.json");
        File.WriteAllText(seed, withoutAlice.ToJsonString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var second = AuthServerFactory.Create(data, seed);
        using var client = second.CreateOAuthClient();
        foreach (var tokens in new[] { a1, b1 })
        {
            foreach (var token in new[] { tokens["access_token"]!, tokens["refresh_token"]! })
            {
                var answer = await client.TokenAsync(new() { ["token"] = token }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/introspect");
                Assert.Equal("false", answer["active"]);
            }

            Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens["refresh_token"]!)).Error);
        }
    }

    [Fact]
    public async Task WithALeeway_ARetryForksTheFamily_AndALaterReuseEndsAllOfIt_ButNotTheOtherSignIn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new AuthServerFactory()
            .With("AuthServer:Tokens:RefreshTokenReuseLeeway", "00:00:05")
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var a = factory.CreateOAuthClient();
        using var b = factory.CreateOAuthClient();
        var a1 = await a.LoginAndRedeemAsync();
        var b1 = await b.LoginAndRedeemAsync();
        var a2 = await a.RefreshAsync(a1["refresh_token"]!);

        // Inside the leeway a retry succeeds, with a second new pair in the same family (OpenIddict issues, never replays).
        clock.Advance(TimeSpan.FromSeconds(3));
        var retried = await a.RefreshAsync(a1["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.NotEqual(a2["refresh_token"], retried["refresh_token"]);

        // After it, the same replay is theft: the whole family goes, both branches; B's sign-in does not.
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("invalid_grant", (await a.RefreshAsync(a1["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await a.RefreshAsync(a2["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await a.RefreshAsync(retried["refresh_token"]!)).Error);
        Assert.Equal(HttpStatusCode.OK, (await b.RefreshAsync(b1["refresh_token"]!)).Status);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
