using System.Text.Json.Nodes;
using AuthServer.Seeding;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Seeding;

/// <summary>Each validation rule of the seed file, and that every error names its JSON path.</summary>
public sealed class SeedLoaderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Load_AcceptsTheShippedSeedFile()
    {
        var result = SeedLoader.LoadFile(RepoPaths.SeedFile, NoEnvironment);

        Assert.Empty(result.Errors);
        Assert.Equal(["demo-client", "demo-service", "demo-spa"], result.Document!.Clients.Select(c => c.ClientId));
        Assert.Equal(["DEMO_CLIENT_SECRET", "DEMO_SERVICE_SECRET", "ALICE_PASSWORD"], result.Document.SecretDefaultsUsed);
    }

    [Fact]
    public void Load_ExpandsVariables_AndRecordsNoDefaultWhenTheyAreSet()
    {
        var result = SeedLoader.LoadFile(RepoPaths.SeedFile, name => name == "ALICE_PASSWORD" ? "From-Env-1!" : null);

        Assert.Equal("From-Env-1!", result.Document!.Users[0].Password);
        Assert.DoesNotContain("ALICE_PASSWORD", result.Document.SecretDefaultsUsed);
    }

    [Fact]
    public void Load_RejectsMissingVariableWithoutDefault_NamingIt()
    {
        var result = Load(seed => seed["clients"]![1]!["clientSecret"] = "${NOT_SET_ANYWHERE}");

        AssertError(result, "clients[1].clientSecret", "NOT_SET_ANYWHERE");
    }

    [Theory]
    [InlineData("implicit", "not supported")]
    [InlineData("password", "not supported")]
    [InlineData("device_code", "unknown grant type")]
    public void Load_RejectsGrantTypes(string grant, string message)
    {
        var result = Load(seed => seed["clients"]![0]!["grantTypes"] = new JsonArray("authorization_code", grant));

        AssertError(result, "clients[0].grantTypes[1]", message);
    }

    [Fact]
    public void Load_RejectsUnknownConsentType() =>
        AssertError(Load(seed => seed["clients"]![0]!["consent"] = "sometimes"), "clients[0].consent", "unknown consent type");

    [Fact]
    public void Load_RejectsUnknownClientType() =>
        AssertError(Load(seed => seed["clients"]![0]!["type"] = "secretive"), "clients[0].type", "unknown client type");

    [Theory]
    [InlineData("/callback", "absolute")]
    [InlineData("callback", "absolute")]
    [InlineData("https://app.example/cb#frag", "fragment")]
    [InlineData("http://app.example/cb", "plain http")]
    public void Load_RejectsRedirectUris(string uri, string message) =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)), "clients[0].redirectUris[0]", message);

    [Theory]
    [InlineData("http://localhost:9000/cb")]
    [InlineData("http://127.0.0.1:9000/cb")]
    [InlineData("http://[::1]:9000/cb")]
    [InlineData("https://app.example/cb")]
    public void Load_AcceptsHttpsAndLoopbackRedirectUris(string uri) =>
        Assert.Empty(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)).Errors);

    [Fact]
    public void Load_RejectsPostLogoutUriWithPlainHttpOffLoopback() =>
        AssertError(Load(seed => seed["clients"]![0]!["postLogoutRedirectUris"] = new JsonArray("http://app.example/")), "clients[0].postLogoutRedirectUris[0]", "plain http");

    [Fact]
    public void Load_RejectsPublicClient_WithSecret() =>
        AssertError(Load(seed => seed["clients"]![2]!["clientSecret"] = "s3cret"), "clients[2].clientSecret", "public client");

    [Fact]
    public void Load_RejectsPublicClient_WithClientCredentials() =>
        AssertError(Load(seed => seed["clients"]![2]!["grantTypes"] = new JsonArray("authorization_code", "client_credentials")), "clients[2].grantTypes[1]", "public client");

    [Fact]
    public void Load_RejectsConfidentialClient_WithoutSecret() =>
        AssertError(Load(seed => seed["clients"]![1]!.AsObject().Remove("clientSecret")), "clients[1].clientSecret", "needs a secret");

    [Fact]
    public void Load_RejectsDuplicateClientId() =>
        AssertError(Load(seed => seed["clients"]![2]!["clientId"] = "demo-client"), "clients[2].clientId", "duplicate");

    [Fact]
    public void Load_RejectsDuplicateUsername_IgnoringCase() =>
        AssertError(Load(seed => seed["users"]!.AsArray().Add(JsonNode.Parse("""{ "username": "ALICE", "password": "Other123$" }"""))), "users[1].username", "duplicate");

    [Fact]
    public void Load_RejectsUndefinedScope() =>
        AssertError(Load(seed => seed["clients"]![1]!["scopes"] = new JsonArray("api.read", "api.delete")), "clients[1].scopes[1]", "neither a standard");

    [Fact]
    public void Load_RejectsRedefiningAStandardScope() =>
        AssertError(Load(seed => seed["scopes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "openid" }"""))), "scopes[2].name", "standard");

    [Fact]
    public void Load_RejectsAuthorizationCodeClientWithoutRedirectUris() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray()), "clients[0].redirectUris", "at least one redirect URI");

    [Fact]
    public void Load_RejectsWrongTypes_NamingThePath()
    {
        var result = Load(seed =>
        {
            seed["clients"]![0]!["clientId"] = 42;
            seed["clients"]![1]!["grantTypes"] = "client_credentials";
            seed["users"] = new JsonObject();
        });

        AssertError(result, "clients[0].clientId", "must be a string, not a number");
        AssertError(result, "clients[1].grantTypes", "must be an array, not a string");
        AssertError(result, "users", "must be an array, not an object");
    }

    [Fact]
    public void Load_RejectsUnknownProperties() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUri"] = "typo"), "clients[0].redirectUri", "unknown property");

    [Fact]
    public void Load_ReportsMalformedJson_WithLineAndColumn()
    {
        var result = SeedLoader.Load("{\n  \"clients\": [\n    { \"clientId\": \"x\" \n  ]\n}", NoEnvironment);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("line 4, column 3:", error);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Load_RejectsDuplicateKeys()
    {
        var result = SeedLoader.Load("""{ "users": [], "users": [] }""", NoEnvironment);

        Assert.Contains("Duplicate property 'users'", Assert.Single(result.Errors), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_RejectsDeepNesting_WithoutStackOverflow()
    {
        var json = "{\"clients\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.Single(SeedLoader.Load(json, NoEnvironment).Errors);
    }

    [Fact]
    public void LoadFile_RefusesAHugeFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"scopes\":[" + string.Join(',', Enumerable.Repeat("{\"name\":\"x\"}", 120_000)) + "]}");

            AssertError(SeedLoader.LoadFile(path, NoEnvironment), path, "limit");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[]", "$", "must be an object")]
    [InlineData("\"text\"", "$", "must be an object")]
    [InlineData("{ \"clients\": [ 7 ] }", "clients[0]", "must be an object")]
    public void Load_RejectsHostileShapes(string json, string path, string message) =>
        AssertError(SeedLoader.Load(json, NoEnvironment), path, message);

    [Fact]
    public void Load_ReportsEveryError_NotJustTheFirst()
    {
        var result = Load(seed =>
        {
            seed["clients"]![0]!["consent"] = "maybe";
            seed["clients"]![2]!["clientSecret"] = "x";
        });

        Assert.Equal(2, result.Errors.Count);
    }

    private static SeedLoadResult Load(Action<JsonNode> edit)
    {
        var seed = JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile))!;
        edit(seed);
        return SeedLoader.Load(seed.ToJsonString(), NoEnvironment);
    }

    private static void AssertError(SeedLoadResult result, string path, string message)
    {
        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.StartsWith(path + ":", StringComparison.Ordinal) && e.Contains(message, StringComparison.OrdinalIgnoreCase));
    }
}
