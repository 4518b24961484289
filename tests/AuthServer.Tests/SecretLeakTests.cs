using System.Net.Http.Headers;
using AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthServer.Tests;

/// <summary>S1 (secrets stored only hashed, keys protected) and S2 (nothing secret in logs or error pages).</summary>
public sealed class SecretLeakTests
{
    [Theory]
    [Trait("Security", "S2")]
    [InlineData("Information")]
    [InlineData("Trace")]
    public async Task Logs_HoldNoSecretPasswordCodeOrToken_AfterAFullRun(string level)
    {
        var logs = new CapturedLogs();
        using var factory = new AuthServerFactory()
            .With("Logging:LogLevel:Default", level)
            .With("Logging:LogLevel:OpenIddict", level)
            .With("Logging:LogLevel:Microsoft", level)
            .WithServices(services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        using var client = factory.CreateOAuthClient();

        var secrets = new List<string> { Seed.WebClient.Secret, Seed.Service.Secret, Seed.User.Password };
        await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, "Wrong-Password-42");
        secrets.Add("Wrong-Password-42");
        var (code, verifier) = await client.GetCodeAsync();
        var tokens = await client.RedeemAsync(code, verifier);
        var refreshed = await client.RefreshAsync(tokens["refresh_token"]!);
        await client.RefreshAsync(tokens["refresh_token"]!); // reuse: a failure path
        await client.RedeemAsync(code, verifier);            // replay: another failure path
        using (var userInfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo"))
        {
            userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed["access_token"]);
            await client.Http.SendAsync(userInfo);
        }

        var machine = await client.ClientCredentialsAsync();
        await client.ClientCredentialsAsync(secret: "wrong-secret-77");
        secrets.Add("wrong-secret-77");
        await client.TokenAsync(new() { ["token"] = machine["access_token"]! }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/introspect");
        await client.TokenAsync(new() { ["token"] = refreshed["refresh_token"]! }, Seed.WebClient.Id, Seed.WebClient.Secret, endpoint: "/connect/revoke");
        secrets.AddRange([code, verifier, tokens["access_token"]!, tokens["refresh_token"]!, tokens["id_token"]!,
            refreshed["access_token"]!, refreshed["refresh_token"]!, machine["access_token"]!]);

        Assert.NotEmpty(logs.Lines);
        foreach (var secret in secrets)
        {
            // A token's signature part is what makes it usable: search for it, and for whole short secrets.
            var needle = secret.Contains('.', StringComparison.Ordinal) ? secret[(secret.LastIndexOf('.') + 1)..] : secret;
            var leak = logs.Lines.FirstOrDefault(line => line.Contains(needle, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret ({needle[..Math.Min(6, needle.Length)]}…) was logged at {level}: {leak}");
        }
    }

    [Fact]
    [Trait("Security", "S1")]
    public async Task Database_StoresSecretsAndPasswordsOnlyHashed_AndKeysEncrypted()
    {
        using var factory = new AuthServerFactory();
        using var client = factory.CreateOAuthClient();
        await client.ClientCredentialsAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var dump = new System.Text.StringBuilder();
        foreach (var table in new[] { "OpenIddictApplications", "AspNetUsers", "SigningKeys", "OpenIddictTokens" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.GetValue(i)).Append('|');
                }
            }
        }

        var text = dump.ToString();
        Assert.DoesNotContain(Seed.WebClient.Secret, text);
        Assert.DoesNotContain(Seed.Service.Secret, text);
        Assert.DoesNotContain(Seed.User.Password, text);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", text);
        Assert.Contains("CfDJ8", text); // Data Protection's envelope: the keys are stored encrypted
    }
}
