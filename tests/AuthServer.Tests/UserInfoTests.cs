using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AuthServer.Tests;

public sealed class UserInfoTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task UserInfo_ReturnsTheClaimsOfTheGrantedScopes()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync("openid profile api.read");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]);
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Jwt.Payload(tokens["access_token"]!).GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal("Alice Example", claims.GetProperty("name").GetString());
        Assert.False(claims.TryGetProperty("email", out _), "email scope was not granted");
    }

    [Fact]
    public async Task UserInfo_Returns401_WithoutAToken()
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }
}
