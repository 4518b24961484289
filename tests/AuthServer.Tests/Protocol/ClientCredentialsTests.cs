using System.Net;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Protocol;

public sealed class ClientCredentialsTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Token_IssuesRfc9068AccessToken_WithClientSecretPost()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync("api.read api.write");

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("Bearer", tokens["token_type"]);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
        var token = tokens["access_token"]!;
        Assert.Equal("at+jwt", Jwt.Header(token).GetProperty("typ").GetString());
        var claims = Jwt.Payload(token);
        Assert.Equal(AuthServerFactory.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal("resource-api", claims.GetProperty("aud").GetString());
        Assert.Equal(OAuthClient.DemoService, claims.GetProperty("sub").GetString());
        Assert.Equal(OAuthClient.DemoService, claims.GetProperty("client_id").GetString());
        Assert.Equal("api.read api.write", claims.GetProperty("scope").GetString());
        Assert.True(claims.TryGetProperty("jti", out _));
        Assert.InRange(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), 60, 900);
    }

    [Fact]
    public async Task Token_AcceptsClientSecretBasic()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read" },
            OAuthClient.DemoService, OAuthClient.DemoServiceSecret, basic: true);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    public async Task Token_ReturnsInvalidClient_WhenSecretIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync(secret: "wrong-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task Token_ReturnsInvalidClientWithBasicChallenge_WhenBasicSecretIsWrong()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "client_credentials" }, OAuthClient.DemoService, "wrong", basic: true);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
        Assert.Contains(tokens.Response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task Token_AnswersUnknownClientLikeWrongSecret()
    {
        using var client = factory.CreateOAuthClient();
        var unknown = await client.ClientCredentialsAsync(clientId: "no-such-client", secret: "whatever");
        var wrong = await client.ClientCredentialsAsync(secret: "whatever");

        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal(wrong.Error, unknown.Error);
    }

    [Fact]
    public async Task Token_RefusesAnUnknownScope()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync("api.read no.such.scope");

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_scope", tokens.Error);
    }

    [Fact]
    public async Task Token_RefusesAScopeTheClientIsNotPermitted()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync("api.read email");

        // OpenIddict reports a known scope outside the client's permissions as invalid_request.
        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_request", tokens.Error);
        Assert.Null(tokens["access_token"]);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("implicit")]
    [InlineData("urn:ietf:params:oauth:grant-type:device_code")]
    public async Task Token_RefusesGrantTypesOutsideOAuth21(string grantType)
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = grantType, ["username"] = OAuthClient.Alice, ["password"] = OAuthClient.AlicePassword },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("unsupported_grant_type", tokens.Error);
    }
}
