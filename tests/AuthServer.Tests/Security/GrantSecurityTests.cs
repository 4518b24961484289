using System.Net;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Security;

/// <summary>SECURITY.md "Grants and tokens": G1–G5, T2, T3, T9 (T4–T8 are the ResourceApi's, in EndToEnd.Tests).</summary>
public sealed class GrantSecurityTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("id_token token")]
    [InlineData("code id_token")]
    [InlineData("code token")]
    public async Task G1_ImplicitAndHybridResponseTypes_AreUnsupported(string responseType)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["response_type"] = responseType;

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        // Sent back to the registered URI by query, never in a fragment, and with no token or code in it.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(OAuthClient.DemoRedirect, location.GetLeftPart(UriPartial.Path));
        Assert.Empty(location.Fragment);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("unsupported_response_type", query["error"]);
        Assert.DoesNotContain(query.Keys, k => k is "code" or "access_token" or "id_token");
    }

    [Fact]
    public async Task G2_PasswordGrant_IsUnsupported_AndNotAdvertised()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = "password", ["username"] = OAuthClient.Alice, ["password"] = OAuthClient.AlicePassword },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);

        Assert.Equal("unsupported_grant_type", tokens.Error);
        var grants = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement.GetProperty("grant_types_supported");
        Assert.DoesNotContain("password", grants.EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain("implicit", grants.EnumerateArray().Select(g => g.GetString()));
    }

    [Theory]
    [InlineData("", "invalid_request")]
    [InlineData("urn:example:unknown", "unsupported_grant_type")]
    public async Task G3_TokenErrors_AreJsonWithNoStore(string grantType, string error)
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = grantType }, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal(error, tokens.Error);
        Assert.NotNull(tokens["error_description"]);
        Assert.Equal("application/json", tokens.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/connect/token", "grant_type=client_credentials&grant_type=client_credentials&scope=api.read")]
    [InlineData("/connect/token", "grant_type=client_credentials&scope=api.read&scope=api.write")]
    [InlineData("/connect/introspect", "token=a&token=b")]
    [InlineData("/connect/revoke", "token=a&token=b")]
    public async Task G4_RepeatedParameter_IsInvalidRequest(string endpoint, string body)
    {
        using var client = factory.CreateOAuthClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body + $"&client_id={OAuthClient.DemoService}&client_secret={OAuthClient.DemoServiceSecret}",
                System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };

        var response = await TokenResponse.ReadAsync(await client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Error);
    }

    [Fact]
    public async Task G4_RepeatedParameter_OnAuthorize_IsRefusedWithoutRedirect()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)) + "&state=second");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("error: invalid_request", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task G5_TokenEndpoint_IsPostOnly_AndIgnoresUnknownParameters()
    {
        using var client = factory.CreateOAuthClient();
        var get = await client.Http.GetAsync($"/connect/token?grant_type=client_credentials&client_id={OAuthClient.DemoService}&client_secret={OAuthClient.DemoServiceSecret}");
        Assert.True(get.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed, get.StatusCode.ToString());
        Assert.DoesNotContain("access_token", await get.Content.ReadAsStringAsync());

        var extra = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read", ["x_unknown"] = "ignored" },
            OAuthClient.DemoService, OAuthClient.DemoServiceSecret);
        Assert.Equal(HttpStatusCode.OK, extra.Status);
    }

    [Fact]
    public async Task T3_RefreshToken_WorksOnlyForItsClient_AndCannotWidenScope()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.LoginAndRedeemAsync("openid offline_access api.read");

        var stolen = await client.RefreshAsync(tokens["refresh_token"]!, OAuthClient.DemoService, OAuthClient.DemoServiceSecret);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);

        var wider = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"]!, ["scope"] = "openid offline_access api.read profile" },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);
        Assert.Equal(HttpStatusCode.BadRequest, wider.Status);

        var narrower = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"]!, ["scope"] = "api.read" },
            OAuthClient.DemoClient, OAuthClient.DemoClientSecret);
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal("api.read", Jwt.Payload(narrower["access_token"]!).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task T9_TokenResponse_IsJsonBearerWithExpiryAndNoStore()
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.ClientCredentialsAsync();

        Assert.Equal("application/json", tokens.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", tokens["token_type"]);
        Assert.InRange(int.Parse(tokens["expires_in"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 300);
    }
}

/// <summary>T2 on both sides of the refresh-token reuse leeway, with a fake clock.</summary>
public sealed class RefreshReuseLeewayTests
{
    [Fact]
    public async Task T2_WithZeroLeeway_AnyReuse_RevokesTheFamily()
    {
        using var factory = new AuthServerFactory();
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();
        var second = await client.RefreshAsync(first["refresh_token"]!);

        Assert.Equal("invalid_grant", (await client.RefreshAsync(first["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(second["refresh_token"]!)).Error);
    }

    [Fact]
    public async Task T2_WithALeeway_ReuseInsideIt_IsAllowed_AndReuseAfterIt_RevokesTheFamily()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new AuthServerFactory()
            .With("AuthServer:Tokens:RefreshTokenReuseLeeway", "00:00:30")
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var client = factory.CreateOAuthClient();
        var first = await client.LoginAndRedeemAsync();
        var second = await client.RefreshAsync(first["refresh_token"]!);

        clock.Advance(TimeSpan.FromSeconds(20));
        var retried = await client.RefreshAsync(first["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, retried.Status);

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(first["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(second["refresh_token"]!)).Error);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(retried["refresh_token"]!)).Error);
    }
}
