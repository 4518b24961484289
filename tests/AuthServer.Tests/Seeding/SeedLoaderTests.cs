using System.Text.Json.Nodes;
using AuthServer.Seeding;

namespace AuthServer.Tests.Seeding;

/// <summary>
/// Every validation rule of the seed file, each through <see cref="SeedLoader"/> alone (no host, no database), and
/// each asserting the JSON path its error starts with. Most cases edit one value of the shipped file, whose entries
/// are: scopes[0] api.read, scopes[1] api.write; clients[0] demo-client (confidential, code + refresh),
/// clients[1] demo-service (confidential, client credentials), clients[2] demo-spa (public, code + refresh),
/// clients[3] demo-device (public, device code + refresh), clients[4] demo-native (public, code + refresh,
/// port-less loopback redirect); users[0] alice.
/// </summary>
public sealed class SeedLoaderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    // The shipped file

    [Fact]
    public void LoadFile_AcceptsTheShippedSeedFile()
    {
        var result = SeedLoader.LoadFile(RepoPaths.SeedFile, NoEnvironment);

        Assert.Empty(result.Errors);
        var seed = Assert.IsType<SeedDocument>(result.Document);
        Assert.Equal(["api.read", "api.write"], seed.Scopes.Select(s => s.Name));
        Assert.Equal(["demo-client", "demo-service", "demo-spa", "demo-device", "demo-native"], seed.Clients.Select(c => c.ClientId));
        Assert.Equal(["alice"], seed.Users.Select(u => u.Username));
        Assert.Equal(["DEMO_CLIENT_SECRET", "DEMO_SERVICE_SECRET", "ALICE_PASSWORD"], seed.SecretDefaultsUsed);
    }

    // ${NAME} and ${NAME:-default}

    [Fact]
    public void Load_ExpandsAVariable_FromTheEnvironment()
    {
        var result = Load(_ => { }, name => name == "ALICE_PASSWORD" ? "From-Env-1!" : null);

        Assert.Equal("From-Env-1!", result.Document!.Users[0].Password);
        Assert.DoesNotContain("ALICE_PASSWORD", result.Document.SecretDefaultsUsed);
    }

    [Fact]
    public void Load_UsesTheDefault_WhenTheVariableIsUnset()
    {
        var result = Load(_ => { });

        Assert.Equal("demo-service-secret", result.Document!.Clients[1].ClientSecret);
        Assert.Contains("DEMO_SERVICE_SECRET", result.Document.SecretDefaultsUsed);
    }

    [Fact]
    public void Load_UsesTheDefault_WhenTheVariableIsEmpty()
    {
        var result = Load(_ => { }, name => name == "DEMO_SERVICE_SECRET" ? string.Empty : null);

        Assert.Equal("demo-service-secret", result.Document!.Clients[1].ClientSecret);
    }

    [Fact]
    public void Load_ExpandsVariablesInsideALongerValue()
    {
        var result = Load(
            seed => seed["clients"]![0]!["redirectUris"] = new JsonArray("https://${APP_HOST}/callback"),
            name => name == "APP_HOST" ? "app.example" : null);

        Assert.Equal(["https://app.example/callback"], result.Document!.Clients[0].RedirectUris);
    }

    [Fact]
    public void Load_RejectsAMissingVariableWithoutDefault_NamingTheVariableAndThePath()
    {
        var result = Load(seed => seed["clients"]![1]!["clientSecret"] = "${NOT_SET_ANYWHERE}");

        AssertError(result, "clients[1].clientSecret", "NOT_SET_ANYWHERE");
        Assert.Single(result.Errors); // not also "a confidential client needs a secret"
    }

    [Fact]
    public void Load_RejectsAMalformedVariableReference_WithoutEchoingTheValue()
    {
        var result = Load(seed => seed["clients"]![1]!["clientSecret"] = "${DEMO-SECRET}hunter2");

        AssertError(result, "clients[1].clientSecret", "not a variable reference");
        Assert.DoesNotContain(result.Errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ExpandsAfterParsing_SoAVariableCannotInjectJson()
    {
        const string Hostile = "x\", \"type\": \"public";

        var result = Load(_ => { }, name => name == "DEMO_SERVICE_SECRET" ? Hostile : null);

        Assert.Empty(result.Errors);
        Assert.Equal(Hostile, result.Document!.Clients[1].ClientSecret);
        Assert.Equal("confidential", result.Document.Clients[1].Type);
    }

    [Fact]
    public void Load_DoesNotExpandASubstitutedValueAgain()
    {
        var result = Load(_ => { }, name => name switch { "ALICE_PASSWORD" => "${OTHER}", "OTHER" => "leaked", _ => null });

        Assert.Equal("${OTHER}", result.Document!.Users[0].Password);
    }

    [Fact]
    public void Load_TreatsAnOptionalValueThatExpandsToNothing_AsAbsent()
    {
        var result = Load(seed => seed["clients"]![2]!["clientSecret"] = "${SPA_SECRET:-}");

        Assert.Empty(result.Errors);
        Assert.Null(result.Document!.Clients[2].ClientSecret);
        Assert.DoesNotContain("SPA_SECRET", result.Document.SecretDefaultsUsed);
    }

    // Grant types

    [Fact]
    public void Load_RejectsTheImplicitGrant_AsRemovedByOAuth21() =>
        AssertError(Load(seed => seed["clients"]![0]!["grantTypes"] = new JsonArray("authorization_code", "implicit")), "clients[0].grantTypes[1]", "RFC 9700");

    [Fact]
    public void Load_RejectsThePasswordGrant_AsRemovedByOAuth21() =>
        AssertError(Load(seed => seed["clients"]![1]!["grantTypes"] = new JsonArray("password")), "clients[1].grantTypes[0]", "RFC 9700");

    [Fact]
    public void Load_RejectsAnUnknownGrantType() =>
        AssertError(Load(seed => seed["clients"]![1]!["grantTypes"] = new JsonArray("client_credentials", "hybrid")), "clients[1].grantTypes[1]", "unknown grant type");

    [Fact]
    public void Load_AcceptsTheDeviceCodeGrant_WithRefreshAndNoRedirectUris()
    {
        var result = Load(_ => { });

        Assert.Empty(result.Errors);
        var device = result.Document!.Clients[3];
        Assert.Equal("demo-device", device.ClientId);
        Assert.Equal(["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"], device.GrantTypes);
        Assert.Empty(device.RedirectUris);
    }

    [Fact]
    public void Load_RejectsTheShortName_device_code_AndNamesTheGrantsUrn() =>
        AssertError(Load(seed => seed["clients"]![3]!["grantTypes"] = new JsonArray("device_code", "refresh_token")), "clients[3].grantTypes[0]",
            "the device flow's is 'urn:ietf:params:oauth:grant-type:device_code' (RFC 8628 §3.4)");

    [Fact]
    public void Load_RejectsRefreshToken_OnADeviceClientWithoutTheDeviceGrant() =>
        AssertError(Load(seed => seed["clients"]![3]!["grantTypes"] = new JsonArray("refresh_token")), "clients[3].grantTypes", "refresh_token needs authorization_code or urn:ietf:params:oauth:grant-type:device_code");

    [Fact]
    public void Load_AcceptsTheDeviceCodeGrant_ForAConfidentialClient() =>
        Assert.Empty(Load(seed => seed["clients"]![1]!["grantTypes"] = new JsonArray("client_credentials", "urn:ietf:params:oauth:grant-type:device_code")).Errors);

    [Fact]
    public void Load_RejectsAClient_WithoutGrantTypes() =>
        AssertError(Load(seed => seed["clients"]![1]!["grantTypes"] = new JsonArray()), "clients[1].grantTypes", "at least one grant type");

    [Fact]
    public void Load_RejectsRefreshToken_WithoutAuthorizationCode() =>
        AssertError(Load(seed => seed["clients"]![1]!["grantTypes"] = new JsonArray("client_credentials", "refresh_token")), "clients[1].grantTypes", "refresh_token needs authorization_code");

    // Client type and consent

    [Fact]
    public void Load_RejectsAnUnknownClientType() =>
        AssertError(Load(seed => seed["clients"]![0]!["type"] = "secretive"), "clients[0].type", "unknown client type");

    [Fact]
    public void Load_RejectsAnUnknownConsentType() =>
        AssertError(Load(seed => seed["clients"]![0]!["consent"] = "sometimes"), "clients[0].consent", "unknown consent type");

    [Fact]
    public void Load_DefaultsConsentToExplicit() =>
        Assert.Equal("explicit", Load(_ => { }).Document!.Clients[1].Consent);

    [Fact]
    public void Load_RejectsAPublicClient_WithSecret() =>
        AssertError(Load(seed => seed["clients"]![2]!["clientSecret"] = "s3cret"), "clients[2].clientSecret", "public client cannot keep a secret");

    [Fact]
    public void Load_RejectsAPublicClient_WithClientCredentials() =>
        AssertError(Load(seed => seed["clients"]![2]!["grantTypes"] = new JsonArray("authorization_code", "client_credentials")), "clients[2].grantTypes[1]", "public client cannot use client_credentials");

    [Fact]
    public void Load_RejectsAConfidentialClient_WithoutSecret() =>
        AssertError(Load(seed => seed["clients"]![1]!.AsObject().Remove("clientSecret")), "clients[1].clientSecret", "needs a secret");

    // Redirect and post-logout redirect URIs

    [Fact]
    public void Load_RejectsAnAuthorizationCodeClient_WithoutRedirectUris() =>
        AssertError(Load(seed => seed["clients"]![0]!.AsObject().Remove("redirectUris")), "clients[0].redirectUris", "at least one redirect URI");

    [Theory]
    [InlineData("/callback")]
    [InlineData("callback")]
    [InlineData("//app.example/callback")]
    public void Load_RejectsARedirectUri_ThatIsNotAbsolute(string uri) =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)), "clients[0].redirectUris[0]", "must be an absolute URI");

    [Fact]
    public void Load_RejectsARedirectUri_WithAFragment() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray("https://app.example/cb#done")), "clients[0].redirectUris[0]", "fragment");

    [Theory]
    [Trait("Security", "R4")]
    [InlineData("http://app.example/cb")]
    [InlineData("http://localhost.evil.example/cb")]
    [InlineData("http://10.0.0.1/cb")]
    public void Load_RejectsARedirectUri_WithPlainHttpToANonLoopbackHost(string uri) =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)), "clients[0].redirectUris[0]", "plain http");

    [Fact]
    public void Load_RejectsARedirectUri_WithAScriptScheme() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray("javascript:alert(1)")), "clients[0].redirectUris[0]", "cannot be a redirect target");

    [Theory]
    [InlineData("http://localhost:9000/cb")]
    [InlineData("http://127.0.0.1:9000/cb")]
    [InlineData("http://127.8.9.10:9000/cb")]
    [InlineData("http://[::1]:9000/cb")]
    [InlineData("https://app.example/cb")]
    [InlineData("https://127.0.0.1/cb")]
    public void Load_AcceptsARedirectUri_OnHttpsOrOnLoopbackWithAPort(string uri) =>
        Assert.Empty(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)).Errors);

    // Native apps (RFC 8252 §7): clients[4] is the public demo-native, clients[0] the confidential demo-client.

    [Theory]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("http://[::1]/callback")]
    [InlineData("http://127.0.0.1/callback?app=desktop")]
    [InlineData("com.example.app:/oauth/callback")]
    [InlineData("com.example.app://callback")]
    public void Load_AcceptsANativeRedirectUri_ForAPublicClient(string uri) =>
        Assert.Empty(Load(seed => seed["clients"]![4]!["redirectUris"] = new JsonArray(uri)).Errors);

    [Theory]
    [InlineData("http://localhost/callback")]
    [InlineData("http://LOCALHOST/callback")]
    [InlineData("http://127.0.0.2/callback")]
    [InlineData("HTTP://127.0.0.1/callback")]
    [InlineData("http://user@127.0.0.1/callback")]
    public void Load_RejectsAPortlessLoopbackRedirectUri_ThatIsNotAnIpLiteral(string uri) =>
        AssertError(Load(seed => seed["clients"]![4]!["redirectUris"] = new JsonArray(uri)), "clients[4].redirectUris[0]",
            "must be written exactly http://127.0.0.1/… or http://[::1]/…");

    [Theory]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("http://[::1]/callback")]
    public void Load_RejectsAPortlessLoopbackRedirectUri_ForAConfidentialClient(string uri) =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray(uri)), "clients[0].redirectUris[0]",
            "a confidential client must register its exact port");

    [Fact]
    public void Load_RejectsAPrivateUseScheme_ForAConfidentialClient() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUris"] = new JsonArray("com.example.app:/callback")), "clients[0].redirectUris[0]",
            "register it as a public client");

    [Fact]
    public void Load_RejectsAPrivateUsePostLogoutUri_ForAConfidentialClient() =>
        AssertError(Load(seed => seed["clients"]![0]!["postLogoutRedirectUris"] = new JsonArray("com.example.app:/signed-out")), "clients[0].postLogoutRedirectUris[0]",
            "register it as a public client");

    [Theory]
    [InlineData("myapp:/callback")]
    [InlineData("urn:ietf:wg:oauth:2.0:oob")]
    public void Load_RejectsAPrivateUseScheme_ThatIsNotAReverseDomainName(string uri) =>
        AssertError(Load(seed => seed["clients"]![4]!["redirectUris"] = new JsonArray(uri)), "clients[4].redirectUris[0]", "not a reverse domain name");

    // Token lifetimes

    [Fact]
    public void Load_ReadsTokenLifetimes()
    {
        var result = Load(seed => seed["clients"]![4]!["tokenLifetimes"] = new JsonObject
        {
            ["accessToken"] = "00:20:00",
            ["refreshToken"] = "1.00:00:00",
            ["refreshTokenAbsolute"] = "30.00:00:00",
        });

        Assert.Equal(new SeedTokenLifetimes("clients[4].tokenLifetimes", TimeSpan.FromMinutes(20), TimeSpan.FromDays(1), TimeSpan.FromDays(30)),
            result.Document!.Clients[4].Lifetimes);
    }

    [Theory]
    [InlineData("accessToken", "15m", "is not a duration")]
    [InlineData("accessToken", "00:00:05", "is outside 00:00:10 to 1.00:00:00")]
    [InlineData("refreshToken", "91.00:00:00", "is outside 00:01:00 to 90.00:00:00")]
    [InlineData("sessionLength", "1.00:00:00", "unknown property")]
    public void Load_RejectsABadTokenLifetime_ByItsPath(string name, string value, string message) =>
        AssertError(Load(seed => seed["clients"]![4]!["tokenLifetimes"] = new JsonObject { [name] = value }),
            $"clients[4].tokenLifetimes.{name}", message);

    [Fact]
    public void Load_RejectsAnAbsoluteRefreshLimit_ShorterThanTheIdleOne() =>
        AssertError(Load(seed => seed["clients"]![4]!["tokenLifetimes"] = new JsonObject { ["refreshToken"] = "7.00:00:00", ["refreshTokenAbsolute"] = "1.00:00:00" }),
            "clients[4].tokenLifetimes.refreshTokenAbsolute", "shorter than refreshToken");

    [Fact]
    public void Load_RejectsARefreshLifetime_ForAClientWithoutRefreshTokens() =>
        AssertError(Load(seed => seed["clients"]![1]!["tokenLifetimes"] = new JsonObject { ["accessToken"] = "00:30:00", ["refreshToken"] = "1.00:00:00" }),
            "clients[1].tokenLifetimes.refreshToken", "no refresh_token grant");

    [Theory]
    [InlineData("/signed-out", "must be an absolute URI")]
    [InlineData("https://app.example/#signed-out", "fragment")]
    [InlineData("http://app.example/", "plain http")]
    public void Load_RejectsAPostLogoutRedirectUri_ByTheSameRules(string uri, string message) =>
        AssertError(Load(seed => seed["clients"]![0]!["postLogoutRedirectUris"] = new JsonArray("http://localhost:5300/", uri)), "clients[0].postLogoutRedirectUris[1]", message);

    // Allowed origins (CORS): compared with the browser's Origin header as strings, so only that exact form is accepted.

    [Theory]
    [InlineData("http://localhost:5300/", "origin only")]
    [InlineData("https://app.example/spa", "origin only")]
    [InlineData("https://app.example?x=1", "origin only")]
    [InlineData("https://user@app.example", "origin only")]
    [InlineData("HTTPS://App.Example", "as a browser sends it")]
    [InlineData("https://app.example:443", "as a browser sends it")]
    [InlineData("http://app.example", "plain http")]
    [InlineData("http://localhost.evil.example", "plain http")]
    [InlineData("app.example", "must be an origin")]
    [InlineData("ftp://app.example", "must be an origin")]
    [InlineData("null", "must be an origin")]
    public void Load_RejectsAnAllowedOrigin_ThatIsNotASerializedHttpsOrLoopbackOrigin(string origin, string message) =>
        AssertError(Load(seed => seed["clients"]![2]!["allowedOrigins"] = new JsonArray("http://localhost:5300", origin)), "clients[2].allowedOrigins[1]", message);

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://[::1]:3000")]
    [InlineData("https://app.example")]
    [InlineData("https://app.example:8443")]
    public void Load_AcceptsAnAllowedOrigin_OnHttpsOrLoopback(string origin)
    {
        var result = Load(seed => seed["clients"]![2]!["allowedOrigins"] = new JsonArray(origin));

        Assert.Empty(result.Errors);
        Assert.Equal([origin], result.Document!.Clients[2].AllowedOrigins);
    }

    [Fact]
    public void Load_RejectsAnAllowedOrigin_ListedTwice() =>
        AssertError(Load(seed => seed["clients"]![2]!["allowedOrigins"] = new JsonArray("https://app.example", "https://app.example")), "clients[2].allowedOrigins[1]", "listed twice");

    // Duplicates

    [Fact]
    public void Load_RejectsADuplicateClientId() =>
        AssertError(Load(seed => seed["clients"]![2]!["clientId"] = "demo-client"), "clients[2].clientId", "duplicate clientId");

    [Fact]
    public void Load_RejectsADuplicateUsername_IgnoringCase() =>
        AssertError(Load(seed => seed["users"]!.AsArray().Add(JsonNode.Parse("""{ "username": "ALICE", "password": "Other123$" }"""))), "users[1].username", "duplicate username");

    [Fact]
    public void Load_RejectsADuplicateScopeName() =>
        AssertError(Load(seed => seed["scopes"]![1]!["name"] = "api.read"), "scopes[1].name", "duplicate scope");

    [Fact]
    public void Load_RejectsADuplicateItemInAList() =>
        AssertError(Load(seed => seed["clients"]![1]!["scopes"] = new JsonArray("api.read", "api.write", "api.read")), "clients[1].scopes[2]", "listed twice");

    // Scopes

    [Fact]
    public void Load_RejectsAClientScope_ThatIsNeitherStandardNorDefined() =>
        AssertError(Load(seed => seed["clients"]![1]!["scopes"] = new JsonArray("api.read", "api.delete")), "clients[1].scopes[1]", "neither a standard");

    [Fact]
    public void Load_AcceptsEveryStandardScope_WithoutADefinition() =>
        Assert.Empty(Load(seed => seed["clients"]![0]!["scopes"] = new JsonArray("openid", "profile", "email", "address", "phone", "offline_access")).Errors);

    [Fact]
    public void Load_RejectsDefiningAStandardScope() =>
        AssertError(Load(seed => seed["scopes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "openid" }"""))), "scopes[2].name", "standard OpenID Connect scope");

    [Fact]
    public void Load_RejectsAScopeName_WithASpace() =>
        AssertError(Load(seed => seed["scopes"]![1]!["name"] = "api write"), "scopes[1].name", "RFC 6749 §3.3");

    // Required strings

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("  ", "must not be empty")]
    public void Load_RejectsAClient_WithoutClientId(string? value, string message) =>
        AssertError(Load(seed => Set(seed["clients"]![0]!, "clientId", value)), "clients[0].clientId", message);

    [Fact]
    public void Load_RejectsAClient_WithoutType() =>
        AssertError(Load(seed => seed["clients"]![0]!.AsObject().Remove("type")), "clients[0].type", "is required");

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "must not be empty")]
    public void Load_RejectsAScope_WithoutName(string? value, string message) =>
        AssertError(Load(seed => Set(seed["scopes"]![0]!, "name", value)), "scopes[0].name", message);

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "must not be empty")]
    public void Load_RejectsAUser_WithoutUsername(string? value, string message) =>
        AssertError(Load(seed => Set(seed["users"]![0]!, "username", value)), "users[0].username", message);

    [Theory]
    [InlineData(null, "is required")]
    [InlineData(" ", "must not be empty")]
    public void Load_RejectsAUser_WithoutPassword(string? value, string message) =>
        AssertError(Load(seed => Set(seed["users"]![0]!, "password", value)), "users[0].password", message);

    [Fact]
    public void Load_RejectsAnEmptyItemInAList() =>
        AssertError(Load(seed => seed["scopes"]![0]!["resources"] = new JsonArray("resource-api", "")), "scopes[0].resources[1]", "must not be empty");

    [Fact]
    public void Load_RejectsAClientId_OutsidePrintableAscii() =>
        AssertError(Load(seed => seed["clients"]![0]!["clientId"] = "démo\tclient"), "clients[0].clientId", "printable ASCII");

    [Fact]
    public void Load_RejectsAUserEmail_ThatIsNotAnAddress() =>
        AssertError(Load(seed => seed["users"]![0]!["email"] = "alice at example"), "users[0].email", "not an e-mail address");

    // Unknown properties and wrong types

    [Fact]
    public void Load_RejectsAnUnknownProperty_NamingItsPath() =>
        AssertError(Load(seed => seed["clients"]![0]!["redirectUri"] = "typo"), "clients[0].redirectUri", "unknown property");

    [Fact]
    public void Load_RejectsAnUnknownTopLevelProperty() =>
        AssertError(Load(seed => seed["client"] = new JsonArray()), "client", "unknown property");

    [Fact]
    public void Load_ShowsAHostilePropertyName_Escaped()
    {
        var result = Load(seed => seed["users"]![0]!["evil\nname"] = "x");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("users[0]['evil\\nname']: unknown property", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Load_RejectsANumber_WhereAStringIsExpected() =>
        AssertError(Load(seed => seed["clients"]![0]!["clientId"] = 42), "clients[0].clientId", "must be a string, not a number");

    [Fact]
    public void Load_RejectsNull_WhereAStringIsExpected() =>
        AssertError(Load(seed => seed["clients"]![0]!["displayName"] = null), "clients[0].displayName", "must be a string, not null");

    [Fact]
    public void Load_RejectsAString_WhereAnArrayIsExpected()
    {
        var result = Load(seed => seed["clients"]![1]!["grantTypes"] = "client_credentials");

        AssertError(result, "clients[1].grantTypes", "must be an array, not a string");
        Assert.Single(result.Errors); // not also "at least one grant type is required"
    }

    [Fact]
    public void Load_RejectsAnObject_WhereAnArrayIsExpected() =>
        AssertError(Load(seed => seed["users"] = new JsonObject()), "users", "must be an array, not an object");

    [Fact]
    public void Load_RejectsAnArrayItem_OfTheWrongType() =>
        AssertError(Load(seed => seed["clients"]![1]!["scopes"] = new JsonArray("api.read", 5)), "clients[1].scopes[1]", "must be a string, not a number");

    [Fact]
    public void Load_RejectsAnEntry_ThatIsNotAnObject() =>
        AssertError(SeedLoader.Load("""{ "clients": [ 7 ] }""", NoEnvironment), "clients[0]", "must be an object, not a number");

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Load_RejectsARoot_ThatIsNotAnObject(string json, string kind) =>
        AssertError(SeedLoader.Load(json, NoEnvironment), "$", "must be an object, not " + kind);

    [Fact]
    [Trait("Security", "B3")]
    public void Load_KeepsEachErrorAtItsPositionInTheFile_AfterABrokenEntry()
    {
        var result = Load(seed =>
        {
            seed["clients"]![0] = 7;
            seed["clients"]![2]!["clientSecret"] = "s3cret";
        });

        AssertError(result, "clients[0]", "must be an object");
        AssertError(result, "clients[2].clientSecret", "public client");
    }

    // Parsing

    [Fact]
    public void Load_ReportsMalformedJson_WithLineAndColumn()
    {
        var result = SeedLoader.Load("{\n  \"clients\": [\n    { \"clientId\": \"x\" \n  ]\n}", NoEnvironment);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("line 4, column 3: ", error, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Load_CountsTheColumnInCharacters_NotUtf8Bytes()
    {
        // The stray x is the 42nd character of its line and starts at its 43rd byte: 'é' takes two.
        var result = SeedLoader.Load("{\n  \"scopes\": [ { \"displayName\": \"Données\" x } ]\n}", NoEnvironment);

        Assert.StartsWith("line 2, column 42: ", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RejectsAnEmptyFile() =>
        Assert.StartsWith("line 1, column 1: ", Assert.Single(SeedLoader.Load(string.Empty, NoEnvironment).Errors), StringComparison.Ordinal);

    [Fact]
    public void Load_RejectsADuplicateKey_AtTheRoot() =>
        AssertError(SeedLoader.Load("""{ "users": [], "users": [] }""", NoEnvironment), "users", "duplicate property");

    [Fact]
    public void Load_RejectsADuplicateKey_NamingItsPath()
    {
        var json = File.ReadAllText(RepoPaths.SeedFile).Replace("\"clientId\": \"demo-service\",", "\"clientId\": \"demo-service\", \"clientId\": \"other\",", StringComparison.Ordinal);

        AssertError(SeedLoader.Load(json, NoEnvironment), "clients[1].clientId", "duplicate property");
    }

    [Fact]
    public void Load_RejectsDeepNesting_WithoutStackOverflow()
    {
        var json = "{\"clients\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.Contains("depth", Assert.Single(SeedLoader.Load(json, NoEnvironment).Errors), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LoadFile_RefusesAFileOverOneMebibyte_BeforeParsingIt()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"scopes\":[" + string.Join(',', Enumerable.Repeat("{\"name\":\"x\"}", 100_000)) + "]}");
            Assert.True(new FileInfo(path).Length > SeedLoader.MaxBytes);

            AssertError(SeedLoader.LoadFile(path, NoEnvironment), path, "larger than the limit");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_RefusesAStringOverOneMebibyte() =>
        AssertError(SeedLoader.Load("{\"$schema\":\"" + new string('x', SeedLoader.MaxBytes) + "\"}", NoEnvironment), "$", "larger than the limit");

    [Fact]
    public void LoadFile_ReportsAMissingFile_NamingTheSetting()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "seed.json");

        AssertError(SeedLoader.LoadFile(path, NoEnvironment), path, "Seed:Path");
    }

    // All errors at once

    [Fact]
    [Trait("Security", "B3")]
    public void Load_ReportsEveryError_NotJustTheFirst()
    {
        var result = Load(seed =>
        {
            seed["clients"]![0]!["consent"] = "maybe";
            seed["clients"]![2]!["clientSecret"] = "x";
            seed["users"]![0]!["email"] = 5;
        });

        Assert.Equal(3, result.Errors.Count);
        AssertError(result, "clients[0].consent", "unknown consent type");
        AssertError(result, "clients[2].clientSecret", "public client");
        AssertError(result, "users[0].email", "must be a string");
    }

    private static SeedLoadResult Load(Action<JsonNode> edit, Func<string, string?>? environment = null)
    {
        var seed = JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile))!;
        edit(seed);
        return SeedLoader.Load(seed.ToJsonString(), environment ?? NoEnvironment);
    }

    private static void Set(JsonNode entry, string property, string? value)
    {
        if (value is null)
        {
            entry.AsObject().Remove(property);
        }
        else
        {
            entry[property] = value;
        }
    }

    private static void AssertError(SeedLoadResult result, string path, string message)
    {
        Assert.Null(result.Document);
        Assert.True(
            result.Errors.Any(e => e.StartsWith(path + ": ", StringComparison.Ordinal) && e.Contains(message, StringComparison.OrdinalIgnoreCase)),
            $"Expected an error at '{path}' containing '{message}', got:\n{string.Join('\n', result.Errors)}");
    }
}
