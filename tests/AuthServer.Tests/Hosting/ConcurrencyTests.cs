using System.Net;

namespace AuthServer.Tests.Hosting;

/// <summary>SQLite in WAL mode with writers that wait for each other: concurrent writes never fail with "database is locked".</summary>
public sealed class ConcurrencyTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task ConcurrentTokenRequestsAndSignIns_AllSucceed()
    {
        using var warm = factory.CreateOAuthClient();
        await warm.ClientCredentialsAsync();

        // Each client-credentials request writes a token row; each code flow writes an authorization and three tokens.
        var machine = Enumerable.Range(0, 300).Select(async _ =>
        {
            using var client = factory.CreateOAuthClient();
            return (await client.ClientCredentialsAsync()).Status;
        });
        var users = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = factory.CreateOAuthClient();
            var tokens = await client.LoginAndRedeemAsync();
            return (await client.RefreshAsync(tokens["refresh_token"]!)).Status;
        });

        var statuses = await Task.WhenAll(machine.Concat(users));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
