using System.Net;
using System.Net.Http.Headers;
using AuthServer.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests;

/// <summary>
/// The ResourceApi caches the AuthServer's discovery document and JWKS: a restart must not break it, a new
/// signing key must be picked up without restarting the API (docs/security-checklist.md S4), and discovery can come from an
/// internal address while the issuer stays the public one. A fresh stack per test.
/// </summary>
public sealed class ResourceApiDiscoveryTests
{
    [Fact]
    public async Task Api_KeepsAcceptingTokens_AcrossAuthServerRestart()
    {
        await using var stack = await Stack.StartAsync(new StackOptions(StartDemoClient: false));
        var before = await ServiceTokenAsync(stack);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, before));

        await stack.RestartAuthServerAsync();

        var after = await ServiceTokenAsync(stack);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, before));
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, after));
        Assert.Equal(Kid(before), Kid(after));
    }

    [Fact]
    public async Task Api_AcceptsTokensFromNewSigningKey_TheFirstTimeItSeesIt()
    {
        // No pre-publication: the new key signs before the API has ever fetched it, the worst case for its cache.
        await using var stack = await Stack.StartAsync(new StackOptions(
            StartDemoClient: false,
            AuthServerSettings: new Dictionary<string, string?> { ["AuthServer:Keys:PrePublish"] = "00:00:00" }));
        var before = await ServiceTokenAsync(stack);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, before));

        var ring = stack.AuthServerServices.GetRequiredService<KeyRing>();
        await ring.RotateAsync(CancellationToken.None);
        await ring.RefreshAsync(CancellationToken.None);

        var after = await ServiceTokenAsync(stack);
        Assert.NotEqual(Kid(before), Kid(after));
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, after));

        // The retired key stays published until the tokens it signed have expired (docs/security-checklist.md S4).
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, before));
    }

    [Fact]
    public async Task Api_ValidatesTokens_WhenDiscoveryComesFromMetadataAddress()
    {
        // As in a container network: the issuer's public URL does not resolve from the API, the AuthServer's
        // internal address does. Discovery names the public URLs (jwks_uri included); the API must still get keys.
        var publicIssuer = "http://auth.invalid/";
        var stack = await Stack.StartAsync(new StackOptions(
            StartDemoClient: false,
            AuthServerSettings: new Dictionary<string, string?> { ["AuthServer:Issuer"] = publicIssuer },
            ResourceApiSettings: new Dictionary<string, string?>
            {
                ["Auth:Authority"] = publicIssuer,
                ["Auth:MetadataAddress"] = "{authserver}.well-known/openid-configuration",
            }));
        await using (stack)
        {
            var token = await ServiceTokenAsync(stack);
            Assert.Equal(publicIssuer, Jwt.Payload(token).GetProperty("iss").GetString());

            Assert.Equal(HttpStatusCode.OK, await CallApiAsync(stack, token));
        }
    }

    private static string Kid(string token) => Jwt.Header(token).GetProperty("kid").GetString()!;

    private static async Task<string> ServiceTokenAsync(Stack stack)
    {
        using var client = new OAuthClient(new HttpClient { BaseAddress = stack.AuthServer });
        var tokens = await client.ClientCredentialsAsync("api.read");
        Assert.True(tokens.Status == HttpStatusCode.OK, $"client_credentials failed: {(int)tokens.Status} {tokens.Json}");
        return tokens["access_token"]!;
    }

    private static async Task<HttpStatusCode> CallApiAsync(Stack stack, string token)
    {
        using var http = new HttpClient { BaseAddress = stack.ResourceApi };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
