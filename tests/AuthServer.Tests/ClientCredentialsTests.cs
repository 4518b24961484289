using System.Net;

namespace AuthServer.Tests;

/// <summary>The client-credentials grant (RFC 6749 §4.4): an RFC 9068 access token, scopes checked against the client.</summary>
public sealed class ClientCredentialsTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    [Trait("Security", "T7")]
    [Trait("Security", "T9")]
    public async Task Token_IssuesRfc9068AccessToken_WithClientSecretPost()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync("api.read api.write");

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("application/json", tokens.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", tokens["token_type"]);
        Assert.InRange(int.Parse(tokens["expires_in"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 900);
        var token = tokens["access_token"]!;
        Assert.Equal("at+jwt", Jwt.Header(token).GetProperty("typ").GetString());
        var claims = Jwt.Payload(token);
        Assert.Equal(AuthServerFactory.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal("resource-api", claims.GetProperty("aud").GetString());
        Assert.Equal(Seed.Service.Id, claims.GetProperty("sub").GetString());
        Assert.Equal(Seed.Service.Id, claims.GetProperty("client_id").GetString());
        Assert.Equal("api.read api.write", claims.GetProperty("scope").GetString());
        Assert.True(claims.TryGetProperty("jti", out _));
        Assert.InRange(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), 60, 900);
    }

    [Fact]
    public async Task Token_AcceptsClientSecretBasic()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read" },
            Seed.Service.Id, Seed.Service.Secret, basic: true);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    [Trait("Security", "G3")]
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
}
