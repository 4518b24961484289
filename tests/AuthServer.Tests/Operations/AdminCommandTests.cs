using System.Net;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Operations;

/// <summary>
/// Issue 15: the admin verbs, each run as a real process against the data folder of a server that is running
/// (in memory, same SQLite file in WAL mode), and their effect checked through that server's HTTP surface.
/// </summary>
public sealed class AdminCommandTests
{
    [Fact]
    public async Task Clients_ListAndShow_PrintTheSeededClients_AndAnUnknownIdFails()
    {
        using var server = new AuthServerFactory();
        _ = server.Server;

        var (listed, list, _) = await AdminProcess.RunAsync(server.DataPath, "clients list");
        Assert.Equal(0, listed);
        Assert.Contains(Seed.WebClient.Id, list, StringComparison.Ordinal);
        Assert.Contains(Seed.Service.Id, list, StringComparison.Ordinal);

        var (shown, show, _) = await AdminProcess.RunAsync(server.DataPath, $"clients show {Seed.WebClient.Id}");
        Assert.Equal(0, shown);
        Assert.Contains(Seed.WebClient.RedirectUri!, show, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.WebClient.Secret, show, StringComparison.Ordinal);

        var (unknown, _, error) = await AdminProcess.RunAsync(server.DataPath, "clients show no-such-client");
        Assert.Equal(1, unknown);
        Assert.Contains("No client with client_id 'no-such-client'", error, StringComparison.Ordinal);

        var (usage, _, usageError) = await AdminProcess.RunAsync(server.DataPath, "clients delete x");
        Assert.Equal(2, usage);
        Assert.Contains("usage:", usageError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_AddLockUnlockSetPassword_TakeEffectOnTheRunningServer()
    {
        using var server = new AuthServerFactory();
        _ = server.Server;
        const string Password = "Bob-Passw0rd!";

        var (added, addOutput, _) = await AdminProcess.RunAsync(server.DataPath, "users add bob --email bob@example.com", input: Password);
        Assert.Equal(0, added);
        Assert.Contains("User 'bob' added.", addOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, addOutput, StringComparison.Ordinal);
        Assert.True(await SignsInAsync(server, "bob", Password));

        var (duplicate, _, duplicateError) = await AdminProcess.RunAsync(server.DataPath, "users add bob", input: Password);
        Assert.Equal(1, duplicate);
        Assert.Contains("already exists", duplicateError, StringComparison.Ordinal);

        Assert.Equal(0, (await AdminProcess.RunAsync(server.DataPath, "users lock bob")).ExitCode);
        Assert.False(await SignsInAsync(server, "bob", Password));

        Assert.Equal(0, (await AdminProcess.RunAsync(server.DataPath, "users unlock bob")).ExitCode);
        Assert.True(await SignsInAsync(server, "bob", Password));

        // Identity's password rules apply, and a refused password leaves the old one in place.
        var (weak, _, weakError) = await AdminProcess.RunAsync(server.DataPath, "users set-password bob", input: "short");
        Assert.Equal(1, weak);
        Assert.Contains("Refused: Passwords must be at least", weakError, StringComparison.Ordinal);
        Assert.True(await SignsInAsync(server, "bob", Password));

        Assert.Equal(0, (await AdminProcess.RunAsync(server.DataPath, "users set-password bob", input: "Bob-New-Passw0rd!")).ExitCode);
        Assert.False(await SignsInAsync(server, "bob", Password));
        Assert.True(await SignsInAsync(server, "bob", "Bob-New-Passw0rd!"));

        var (unknown, _, unknownError) = await AdminProcess.RunAsync(server.DataPath, "users lock nobody-here");
        Assert.Equal(1, unknown);
        Assert.Contains("No user named 'nobody-here'", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_RevokeByClientUserAndId_AndPrune_WhileTheServerRuns()
    {
        using var server = new AuthServerFactory();
        using var client = server.CreateOAuthClient();
        var byId = (await client.ClientCredentialsAsync())["access_token"]!;
        var tokenId = Jwt.Payload(byId).GetProperty("oi_tkn_id").GetString()!;
        var userTokens = await client.LoginAndRedeemAsync();

        var (revokedOne, one, _) = await AdminProcess.RunAsync(server.DataPath, $"tokens revoke --id {tokenId}");
        Assert.Equal(0, revokedOne);
        Assert.Contains($"Revoked token '{tokenId}'.", one, StringComparison.Ordinal);
        Assert.False(await ActiveAsync(client, byId));

        var byClient = (await client.ClientCredentialsAsync())["access_token"]!;
        Assert.True(await ActiveAsync(client, byClient));
        var (revokedClient, clientOutput, _) = await AdminProcess.RunAsync(server.DataPath, $"tokens revoke --client {Seed.Service.Id}");
        Assert.Equal(0, revokedClient);
        Assert.Contains($"of client '{Seed.Service.Id}'", clientOutput, StringComparison.Ordinal);
        Assert.False(await ActiveAsync(client, byClient));

        Assert.True(await ActiveAsync(client, userTokens["access_token"]!, Seed.WebClient.Id, Seed.WebClient.Secret));
        var (revokedUser, userOutput, _) = await AdminProcess.RunAsync(server.DataPath, $"tokens revoke --user {Seed.User.Username}");
        Assert.Equal(0, revokedUser);
        Assert.Contains($"of user '{Seed.User.Username}'", userOutput, StringComparison.Ordinal);
        Assert.False(await ActiveAsync(client, userTokens["access_token"]!, Seed.WebClient.Id, Seed.WebClient.Secret));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(userTokens["refresh_token"]!)).Error);

        var (pruned, pruneOutput, _) = await AdminProcess.RunAsync(server.DataPath, "tokens prune");
        Assert.Equal(0, pruned);
        Assert.Matches(@"Pruned \d+ tokens and \d+ authorizations", pruneOutput);

        var (unknown, _, unknownError) = await AdminProcess.RunAsync(server.DataPath, "tokens revoke --client nope");
        Assert.Equal(1, unknown);
        Assert.Contains("No client with client_id 'nope'", unknownError, StringComparison.Ordinal);
    }

    /// <summary>Introspected by the client the token was issued to (C5: a client cannot inspect another client's tokens).</summary>
    private static async Task<bool> ActiveAsync(OAuthClient client, string token, string? clientId = null, string? secret = null)
    {
        var introspected = await client.TokenAsync(new() { ["token"] = token }, clientId ?? Seed.Service.Id, secret ?? Seed.Service.Secret, endpoint: "/connect/introspect");
        Assert.Equal(HttpStatusCode.OK, introspected.Status);
        return introspected["active"] == "true";
    }

    private static async Task<bool> SignsInAsync(AuthServerFactory server, string username, string password)
    {
        using var client = server.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var loginPage = await client.FollowAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        Assert.True(OAuthClient.IsPage(loginPage, "/account/login"));
        var response = await client.LoginAsync(loginPage, username, password);

        // Signed in: on to the consent page (200 from /connect/authorize) or the client's redirect; refused: 400 login page.
        return response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther
            || (response.StatusCode == HttpStatusCode.OK && !OAuthClient.IsPage(response, "/account/login"));
    }
}
