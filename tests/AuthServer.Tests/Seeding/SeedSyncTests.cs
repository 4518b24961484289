using System.Net;
using System.Text.Json.Nodes;
using AuthServer.Cors;
using AuthServer.Seeding;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace AuthServer.Tests.Seeding;

/// <summary>The seed file applied through a real host: idempotent, atomic, and a bad file stops the server.</summary>
public sealed class SeedSyncTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("seed-test-").FullName;

    [Fact]
    public async Task Seed_IsIdempotent_ASecondRunChangesNothing()
    {
        using var factory = Start(Seed());
        using var client = factory.CreateOAuthClient();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync()).Status);

        var changes = await RunAsync(factory, dryRun: false);

        Assert.All(changes, change => Assert.StartsWith("unchanged:", change, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seed_UpdatesAChangedSecret_RemovesAnUnlistedClient_AndCreatesANewOne()
    {
        var data = Path.Combine(_folder, "data");
        using (var first = Start(Seed(), data))
        {
            using var client = first.CreateOAuthClient();
            Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync()).Status);
        }

        var edited = Seed(seed =>
        {
            seed["clients"]![1]!["clientSecret"] = "rotated-service-secret";
            seed["clients"]!.AsArray().RemoveAt(2); // demo-spa
            seed["clients"]!.AsArray().Add(JsonNode.Parse("""
                { "clientId": "new-service", "type": "confidential", "clientSecret": "new-secret", "grantTypes": ["client_credentials"], "scopes": ["api.read"] }
                """));
        });
        using var second = Start(edited, data);
        using var again = second.CreateOAuthClient();

        Assert.Equal("invalid_client", (await again.ClientCredentialsAsync()).Error);
        Assert.Equal(HttpStatusCode.OK, (await again.ClientCredentialsAsync(secret: "rotated-service-secret")).Status);
        Assert.Equal(HttpStatusCode.OK, (await again.ClientCredentialsAsync(clientId: "new-service", secret: "new-secret")).Status);
        await using var scope = second.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync("demo-spa"));
    }

    [Fact]
    public async Task Seed_StoresAllowedOrigins_AndReportsAChangeToThem()
    {
        using var factory = Start(Seed());
        File.WriteAllText(Path.Combine(_folder, "seed.json"), Seed(seed => seed["clients"]![2]!["allowedOrigins"] = new JsonArray("http://localhost:5300", "https://spa.example")).ToJsonString());

        var changes = await RunAsync(factory, dryRun: false);

        Assert.Equal(["update client demo-spa: allowedOrigins"], changes.Where(c => !c.StartsWith("unchanged:", StringComparison.Ordinal)));
        await using var scope = factory.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var spa = await applications.FindByClientIdAsync("demo-spa");
        Assert.Equal(["http://localhost:5300", "https://spa.example"], ClientOrigins.Read(await applications.GetPropertiesAsync(spa!)));
        Assert.All(await RunAsync(factory, dryRun: false), change => Assert.StartsWith("unchanged:", change, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seed_LeavesAloneEntriesItDidNotCreate()
    {
        using var factory = Start(Seed(seed => seed["clients"]!.AsArray().RemoveAt(1)));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = "demo-service",
                ClientSecret = "registered-by-hand",
                ClientType = OpenIddictConstants.ClientTypes.Confidential,
                Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.ClientCredentials },
            });
        }

        File.WriteAllText(Path.Combine(_folder, "seed.json"), Seed().ToJsonString());
        var changes = await RunAsync(factory, dryRun: false);

        Assert.Contains(changes, c => c.StartsWith("skipped client demo-service", StringComparison.Ordinal));
        using var client = factory.CreateOAuthClient();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(scope: string.Empty, secret: "registered-by-hand")).Status);
    }

    [Fact]
    public async Task Seed_Check_ReportsChangesAndWritesNothing()
    {
        using var factory = Start(Seed());
        File.WriteAllText(Path.Combine(_folder, "seed.json"), Seed(seed => seed["clients"]![1]!["clientSecret"] = "changed").ToJsonString());

        var planned = await RunAsync(factory, dryRun: true);

        Assert.Equal(["update client demo-service: secret"], planned.Where(c => !c.StartsWith("unchanged:", StringComparison.Ordinal)));
        using var client = factory.CreateOAuthClient();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync()).Status);
    }

    [Fact]
    [Trait("Security", "B3")]
    public async Task Seed_IsAtomic_AFailureLateInTheFileUndoesEverythingBeforeIt()
    {
        using var factory = Start(Seed());
        File.WriteAllText(Path.Combine(_folder, "seed.json"), Seed(seed =>
        {
            seed["clients"]![1]!["clientSecret"] = "would-change";
            seed["users"]!.AsArray().Add(JsonNode.Parse("""{ "username": "bob", "password": "short" }"""));
        }).ToJsonString());

        var error = await Assert.ThrowsAsync<SeedException>(() => RunAsync(factory, dryRun: false));

        Assert.Contains(error.Errors, e => e.StartsWith("users[1].password:", StringComparison.Ordinal));
        using var client = factory.CreateOAuthClient();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync()).Status); // old secret still valid
    }

    [Fact]
    [Trait("Security", "B3")]
    public async Task InvalidSeed_StopsTheServer_WithANonZeroExit_NamingEveryError_AndLeavesTheDatabaseAsItWas()
    {
        var data = Path.Combine(_folder, "data");
        using (var first = Start(Seed(), data))
        {
            using var client = first.CreateOAuthClient();
            Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync()).Status);
        }

        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, Seed(seed =>
        {
            seed["clients"]![1]!["clientSecret"] = "changed-but-never-applied";
            seed["clients"]![2]!["grantTypes"] = new JsonArray("implicit");
            seed["clients"]![0]!["redirectUris"] = new JsonArray("http://app.example/cb");
        }).ToJsonString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var (exitCode, _, error) = await ServiceProcess.RunAsync("AuthServer", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["AuthServer__DataPath"] = data,
            ["Seed__Path"] = broken,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains($"Invalid seed file {broken}", error, StringComparison.Ordinal);
        Assert.Contains("clients[2].grantTypes[0]:", error, StringComparison.Ordinal);
        Assert.Contains("clients[0].redirectUris[0]:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // a message, not a stack trace

        using var third = Start(Seed(), data);
        using var again = third.CreateOAuthClient();
        Assert.Equal(HttpStatusCode.OK, (await again.ClientCredentialsAsync()).Status);
    }

    [Fact]
    public async Task SeedCommand_Check_AcceptsNativeRedirectsForAPublicClient_AndRefusesThemForAConfidentialOne()
    {
        var native = Path.Combine(_folder, "native.json");
        File.WriteAllText(native, Seed(seed =>
        {
            // clients[3] demo-native is public: a private-use scheme and the port-less loopback literals are fine.
            seed["clients"]![3]!["redirectUris"] = new JsonArray("http://127.0.0.1/callback", "http://[::1]/callback", "com.example.app:/oauth/callback");
            // clients[0] demo-client is confidential: neither form is for it, and "localhost" never goes port-less.
            seed["clients"]![0]!["redirectUris"] = new JsonArray("com.example.app:/oauth/callback", "http://127.0.0.1/callback", "http://localhost/callback");
        }).ToJsonString());
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["AuthServer__DataPath"] = Path.Combine(_folder, "native-data"),
            ["Seed__Path"] = native,
        };

        var (exitCode, _, error) = await ServiceProcess.RunAsync("AuthServer", environment, "seed --check");

        Assert.Equal(1, exitCode);
        Assert.Contains("clients[0].redirectUris[0]: 'com.example.app:/oauth/callback' uses a private-use URI scheme", error, StringComparison.Ordinal);
        Assert.Contains("clients[0].redirectUris[1]: 'http://127.0.0.1/callback' has no port", error, StringComparison.Ordinal);
        Assert.Contains("clients[0].redirectUris[2]: 'http://localhost/callback' has no port", error, StringComparison.Ordinal);
        Assert.DoesNotContain("clients[3]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedCommand_Check_PrintsThePlan_AndExitsZero()
    {
        var data = Path.Combine(_folder, "data");
        using (var first = Start(Seed(), data))
        {
            _ = first.Server;
        }

        var edited = Path.Combine(_folder, "edited.json");
        File.WriteAllText(edited, Seed(seed => seed["clients"]![1]!["clientSecret"] = "changed").ToJsonString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Testing", ["AuthServer__DataPath"] = data, ["Seed__Path"] = edited };

        var (exitCode, output, _) = await ServiceProcess.RunAsync("AuthServer", environment, "seed --check");

        Assert.Equal(0, exitCode);
        Assert.Contains("Would update client demo-service: secret", output, StringComparison.Ordinal);
        var (again, secondOutput, _) = await ServiceProcess.RunAsync("AuthServer", environment, "seed --check");
        Assert.Equal(0, again);
        Assert.Contains("Would update client demo-service: secret", secondOutput, StringComparison.Ordinal); // nothing was written
    }

    private AuthServerFactory Start(JsonNode seed, string? data = null)
    {
        var path = Path.Combine(_folder, "seed.json");
        File.WriteAllText(path, seed.ToJsonString());
        var factory = AuthServerFactory.Create(data ?? Path.Combine(_folder, "data-" + Guid.NewGuid().ToString("N")), path);
        _ = factory.Server; // start now, so a test may rewrite the seed file afterwards
        return factory;
    }

    private static JsonNode Seed(Action<JsonNode>? edit = null)
    {
        var seed = JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile))!;
        edit?.Invoke(seed);
        return seed;
    }

    private static async Task<IReadOnlyList<string>> RunAsync(AuthServerFactory factory, bool dryRun)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await SeedRunner.RunAsync(scope.ServiceProvider, dryRun, CancellationToken.None);
    }

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
