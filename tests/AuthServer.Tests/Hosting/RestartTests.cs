using System.Net;
using System.Text.Json;

namespace AuthServer.Tests.Hosting;

/// <summary>Keys, clients, users and tokens live in the database file: a restarted server carries on.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsKeysClientsAndTokens()
    {
        string kid, refreshToken, accessToken, dataPath;
        using (var first = new AuthServerFactory())
        {
            dataPath = first.DataPath;
            using var client = first.CreateOAuthClient();
            var tokens = await client.LoginAndRedeemAsync();
            refreshToken = tokens["refresh_token"]!;
            accessToken = (await client.ClientCredentialsAsync())["access_token"]!;
            kid = Jwt.Header(accessToken).GetProperty("kid").GetString()!;

            // Dispose stops the host but keeps the data folder only when a second factory owns it; copy the path first.
            CopyDirectory(first.DataPath, dataPath + "-restart");
        }

        using var second = AuthServerFactory.Create(dataPath + "-restart", seedPath: null);
        using var again = second.CreateOAuthClient();

        var jwks = JsonDocument.Parse(await again.Http.GetStringAsync("/.well-known/jwks")).RootElement;
        Assert.Equal(kid, Assert.Single(jwks.GetProperty("keys").EnumerateArray()).GetProperty("kid").GetString());

        var refreshed = await again.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(kid, Jwt.Header(refreshed["access_token"]!).GetProperty("kid").GetString());

        var introspected = await again.TokenAsync(new() { ["token"] = accessToken }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/introspect");
        Assert.Equal("true", introspected["active"]);

        Directory.Delete(second.DataPath, recursive: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
