using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>
/// The default access-token lifetime, and a client's own lifetimes from the seed file: access token (OpenIddict's
/// <c>tkn_lft:act</c>), refresh idle limit (<c>tkn_lft:reft</c>, sliding) and absolute refresh limit.
/// </summary>
public sealed class TokenLifetimeTests : IDisposable
{
    private const string Limited = "lifetimes-test";
    private const string LimitedRedirect = "http://127.0.0.1:41000/lifetimes";

    private readonly string _folder = Directory.CreateTempSubdirectory("lifetimes-seed-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task AccessToken_LivesFifteenMinutesByDefault_SoClientCachesCanReuseIt()
    {
        using var factory = Start();
        using var client = factory.CreateOAuthClient();

        var tokens = await client.ClientCredentialsAsync();

        Assert.InRange(ExpiresIn(tokens), 895, 900);
        Assert.Equal(900, Lifetime(tokens["access_token"]!));
    }

    [Fact]
    public async Task AccessToken_UsesTheClientsOwnLifetime_FromTheSeedFile()
    {
        using var factory = Start();
        using var client = Client(factory);
        var (verifier, challenge) = OAuthClient.NewPkce();
        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, Limited, LimitedRedirect, scope: "openid offline_access api.read"));

        var tokens = await client.RedeemAsync(Code(location), verifier, Limited, secret: null);

        Assert.InRange(ExpiresIn(tokens), 1795, 1800);
        Assert.Equal(1800, Lifetime(tokens["access_token"]!));
    }

    [Fact]
    public async Task RefreshToken_ExpiresAfterTheClientsIdleLimit()
    {
        using var factory = Start();
        using var client = Client(factory);
        var tokens = await SignInAsync(client);

        _clock.Advance(TimeSpan.FromMinutes(9));
        var refreshed = await RefreshAsync(client, tokens);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);

        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        Assert.Equal("invalid_grant", (await RefreshAsync(client, refreshed)).Error);
    }

    [Fact]
    public async Task RefreshToken_ChainEndsAtTheClientsAbsoluteLimit_HoweverActive()
    {
        using var factory = Start();
        using var client = Client(factory);
        var tokens = await SignInAsync(client);

        // Each refresh inside the 10-minute idle limit, until 24 minutes of the 25-minute absolute limit have passed.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            _clock.Advance(TimeSpan.FromMinutes(8));
            tokens = await RefreshAsync(client, tokens);
            Assert.Equal(HttpStatusCode.OK, tokens.Status);
        }

        // The last refresh token got only the minute that was left, not a full idle period.
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        var late = await RefreshAsync(client, tokens);
        Assert.Equal("invalid_grant", late.Error);
    }

    [Fact]
    public async Task RefreshToken_ChainEndsAtTheServersAbsoluteLimit_WhenTheClientSetsNone()
    {
        using var factory = Start(("AuthServer:Tokens:RefreshTokenAbsolute", "00:05:00"));
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync();

        _clock.Advance(TimeSpan.FromMinutes(4));
        tokens = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens["refresh_token"]!)).Error);
    }

    private AuthServerFactory Start(params (string Key, string Value)[] settings)
    {
        var limited = TestSeed.PublicClient(Limited, "http://127.0.0.1/lifetimes");
        limited["tokenLifetimes"] = new JsonObject
        {
            ["accessToken"] = "00:30:00",
            ["refreshToken"] = "00:10:00",
            ["refreshTokenAbsolute"] = "00:25:00",
        };
        var factory = AuthServerFactory.Create(dataPath: null, TestSeed.WriteWith(_folder, limited))
            .WithServices(services => services.AddSingleton<TimeProvider>(_clock));
        foreach (var (key, value) in settings)
        {
            factory.With(key, value);
        }

        return factory;
    }

    private static OAuthClient Client(AuthServerFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(AuthServerFactory.Issuer),
        }))
        { RedirectUri = LimitedRedirect };

    private static async Task<TokenResponse> SignInAsync(OAuthClient client)
    {
        var (verifier, challenge) = OAuthClient.NewPkce();
        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, Limited, LimitedRedirect, scope: "openid offline_access api.read"));
        var tokens = await client.RedeemAsync(Code(location), verifier, Limited, secret: null);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    private static Task<TokenResponse> RefreshAsync(OAuthClient client, TokenResponse tokens) =>
        client.RefreshAsync(tokens["refresh_token"]!, Limited, secret: null);

    private static int ExpiresIn(TokenResponse tokens) => int.Parse(tokens["expires_in"]!, CultureInfo.InvariantCulture);

    private static long Lifetime(string accessToken)
    {
        var payload = Jwt.Payload(accessToken);
        return payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64();
    }

    private static string Code(Uri location) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
