using System.Net;
using System.Text.Json;
using AuthServer.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>S4: signing keys rotate without downtime — published before use, kept until their tokens expire.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AuthServerFactory _factory;

    public KeyRotationTests()
    {
        _factory = new AuthServerFactory()
            .With("AuthServer:Tokens:AccessToken", "01:00:00")
            .With("AuthServer:Keys:PrePublish", "00:05:00")
            .WithServices(services => services.AddSingleton<TimeProvider>(_clock));
    }

    [Fact]
    [Trait("Security", "S4")]
    public async Task Jwks_PublishesARotatedKeyBeforeItSigns_AndOldTokensStayValid()
    {
        using var client = _factory.CreateOAuthClient();
        var ring = _factory.Services.GetRequiredService<KeyRing>();
        var before = await client.LoginAndRedeemAsync();
        var oldKid = Kid(before["access_token"]!);

        var (newKid, _) = await ring.RotateAsync(CancellationToken.None);
        await ring.RefreshAsync(CancellationToken.None);

        // Published, not yet signing.
        Assert.Equal(new[] { newKid, oldKid }.Order(), (await JwksKidsAsync(client)).Order());
        Assert.Equal(oldKid, Kid((await client.ClientCredentialsAsync())["access_token"]!));

        _clock.Advance(TimeSpan.FromMinutes(6));
        await ring.RefreshAsync(CancellationToken.None);

        // Now the new key signs and the old one is still published for the tokens it signed.
        var after = await client.ClientCredentialsAsync();
        Assert.Equal(newKid, Kid(after["access_token"]!));
        Assert.Equal(new[] { newKid, oldKid }.Order(), (await JwksKidsAsync(client)).Order());

        var introspected = await client.TokenAsync(new() { ["token"] = before["access_token"]! }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/introspect");
        Assert.Equal("true", introspected["active"]);

        // A refresh token signed by the retired key still redeems, and yields tokens from the new key.
        var refreshed = await client.RefreshAsync(before["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(newKid, Kid(refreshed["access_token"]!));
    }

    [Fact]
    [Trait("Security", "S4")]
    public async Task Jwks_DropsARetiredKey_AfterItsTokensHaveExpired()
    {
        using var client = _factory.CreateOAuthClient();
        var ring = _factory.Services.GetRequiredService<KeyRing>();
        var oldKid = Kid((await client.ClientCredentialsAsync())["access_token"]!);

        var (newKid, _) = await ring.RotateAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(15)); // past the 14-day refresh token lifetime
        await ring.RefreshAsync(CancellationToken.None);

        Assert.Equal([newKid], await JwksKidsAsync(client));
        Assert.DoesNotContain(oldKid, await JwksKidsAsync(client));
    }

    private static string Kid(string token) => Jwt.Header(token).GetProperty("kid").GetString()!;

    private static async Task<string[]> JwksKidsAsync(OAuthClient client) =>
        [.. JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/jwks")).RootElement
            .GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];

    public void Dispose() => _factory.Dispose();
}
