using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace AuthServer.Tests;

/// <summary>
/// Client authentication at the token endpoint (RFC 6749 §2.3, §5.2): required of confidential clients, one failure
/// answer for every cause, Basic failures challenged, no double authentication (checklist C1–C3).
/// </summary>
public sealed class ClientAuthenticationTests(AuthServerFactory factory, ITestOutputHelper output) : IClassFixture<AuthServerFactory>
{
    [Fact]
    [Trait("Security", "C1")]
    public async Task Token_RefusesConfidentialClient_WithoutSecret()
    {
        using var client = factory.CreateOAuthClient();
        var (code, verifier) = await client.GetCodeAsync();

        var redeemed = await client.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = client.RedirectUri,
        }, Seed.WebClient.Id, secret: null);
        Assert.Equal("invalid_client", redeemed.Error);
        Assert.Null(redeemed["access_token"]);

        // For client credentials OpenIddict names the missing parameter (invalid_request); no token either way.
        var machine = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read" }, Seed.Service.Id, secret: null);
        Assert.Equal(HttpStatusCode.BadRequest, machine.Status);
        Assert.Null(machine["access_token"]);
    }

    [Fact]
    [Trait("Security", "C2")]
    public async Task Token_ReturnsInvalidClient_WhenSecretIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync(secret: "wrong-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    [Trait("Security", "C2")]
    public async Task Token_ReturnsInvalidClientWithBasicChallenge_WhenBasicSecretIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "client_credentials" }, Seed.Service.Id, "wrong", basic: true);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
        Assert.Contains(tokens.Response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    [Trait("Security", "C2")]
    public async Task Token_RefusesClientAuthentication_InHeaderAndBodyAtOnce()
    {
        using var client = factory.CreateOAuthClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = Seed.Service.Id,
                ["client_secret"] = Seed.Service.Secret,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Seed.Service.Id}:{Seed.Service.Secret}")));

        var tokens = await TokenResponse.ReadAsync(await client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_request", tokens.Error);
    }

    [Fact]
    [Trait("Security", "C3")]
    public async Task Token_AnswersUnknownClientLikeWrongSecret_InStatusErrorAndTime()
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

    private static double Median(List<double> values) => Percentile(values, 50);

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Round(percentile / 100.0 * (sorted.Length - 1)), 0, sorted.Length - 1)];
    }
}
