using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AuthServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.Tests.Security;

/// <summary>SECURITY.md "Clients, secrets and users": C1–C7.</summary>
public sealed class ClientSecurityTests(AuthServerFactory factory, ITestOutputHelper output) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task C1_ConfidentialClient_MustAuthenticate()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var redeemed = await client.RedeemAsync(code, verifier, secret: null);
        Assert.Equal("invalid_client", redeemed.Error);
        Assert.Null(redeemed["access_token"]);

        // For client credentials OpenIddict names the missing parameter (invalid_request); no token either way.
        var machine = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read" }, OAuthClient.DemoService, secret: null);
        Assert.Equal(HttpStatusCode.BadRequest, machine.Status);
        Assert.Null(machine["access_token"]);
    }

    [Fact]
    public async Task C2_BasicAuthFailure_Is401WithBasicChallenge()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "client_credentials" }, OAuthClient.DemoService, "wrong", basic: true);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
        Assert.Contains(tokens.Response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task C2_DoubleAuthentication_HeaderAndBody_IsRefused()
    {
        using var client = factory.CreateOAuthClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = OAuthClient.DemoService,
                ["client_secret"] = OAuthClient.DemoServiceSecret,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OAuthClient.DemoService}:{OAuthClient.DemoServiceSecret}")));

        var tokens = await TokenResponse.ReadAsync(await client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_request", tokens.Error);
    }

    [Fact]
    public async Task C3_UnknownClientAndWrongSecret_AnswerAlike_InStatusErrorAndTime()
    {
        using var client = factory.CreateOAuthClient();
        await client.ClientCredentialsAsync(); // warm the verified-secret cache for the real secret

        var unknown = new List<double>();
        var wrong = new List<double>();
        TokenResponse? lastUnknown = null, lastWrong = null;
        for (var i = 0; i < 60; i++)
        {
            var watch = Stopwatch.StartNew();
            lastUnknown = await client.ClientCredentialsAsync(clientId: $"unknown-{i}", secret: "guess");
            unknown.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            lastWrong = await client.ClientCredentialsAsync(secret: $"guess-{i}");
            wrong.Add(watch.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(lastWrong!.Status, lastUnknown!.Status);
        Assert.Equal(lastWrong.Error, lastUnknown.Error);
        Assert.Equal(lastWrong["error_description"], lastUnknown["error_description"]);
        Assert.Equal(lastWrong["error_uri"], lastUnknown["error_uri"]);

        // Both pay one PBKDF2 verification. Without the decoy an unknown client answered about 10x faster (0.3 vs 3.5 ms),
        // so these wide bounds still catch a regression while tolerating a noisy shared machine.
        var (u, w) = (Median(unknown), Median(wrong));
        output.WriteLine($"unknown client: median {u:F2} ms (p10 {Percentile(unknown, 10):F2}, p90 {Percentile(unknown, 90):F2}); " +
            $"wrong secret: median {w:F2} ms (p10 {Percentile(wrong, 10):F2}, p90 {Percentile(wrong, 90):F2})");
        Assert.InRange(u / w, 0.4, 2.5);
    }

    [Fact]
    public async Task C5_ClientCannotRevokeOrInspectAnotherClientsToken()
    {
        using var client = factory.CreateOAuthClient();
        var userTokens = await client.LoginAndRedeemAsync();

        var revoked = await client.TokenAsync(new() { ["token"] = userTokens["refresh_token"]! }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/revoke");
        Assert.NotEqual(HttpStatusCode.InternalServerError, revoked.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(userTokens["refresh_token"]!)).Status);

        var inspected = await client.TokenAsync(new() { ["token"] = userTokens["refresh_token"]! }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/introspect");
        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.Equal("false", inspected["active"]);
    }

    [Fact]
    public async Task C6_RevokingGarbage_Returns200()
    {
        using var client = factory.CreateOAuthClient();
        var revoked = await client.TokenAsync(new() { ["token"] = "garbage.garbage.garbage" }, OAuthClient.DemoClient, OAuthClient.DemoClientSecret, endpoint: "/connect/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
    }

    [Fact]
    public async Task C7_IntrospectingUnknownOrRevokedTokens_IsActiveFalseOnly()
    {
        using var client = factory.CreateOAuthClient();
        var token = (await client.ClientCredentialsAsync())["access_token"]!;
        await client.TokenAsync(new() { ["token"] = token }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/revoke");

        foreach (var candidate in new[] { token, "unknown-token" })
        {
            var result = await client.TokenAsync(new() { ["token"] = candidate }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret, endpoint: "/connect/introspect");
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.Equal("""{"active":false}""", result.Json.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        }
    }

    private static double Median(List<double> values) => Percentile(values, 50);

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Round(percentile / 100.0 * (sorted.Length - 1)), 0, sorted.Length - 1)];
    }
}
