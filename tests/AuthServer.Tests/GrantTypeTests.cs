using System.Net;

namespace AuthServer.Tests;

/// <summary>
/// Which grants and response types exist (OAuth 2.1 §1.3: no implicit, no password) and how the endpoints answer a
/// malformed request (RFC 6749 §3.1, §5.2; checklist G1–G5).
/// </summary>
public sealed class GrantTypeTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [Trait("Security", "G1")]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("id_token token")]
    [InlineData("code id_token")]
    [InlineData("code token")]
    public async Task Authorize_RedirectsUnsupportedResponseType_ForImplicitAndHybrid(string responseType)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var request = OAuthClient.CodeRequest(challenge);
        request["response_type"] = responseType;

        var response = await client.FollowAsync(OAuthClient.AuthorizeUrl(request));

        // The client and redirect URI are trusted, so the error goes back to it (RFC 6749 §4.1.2.1): by query,
        // never in a fragment, and with no token or code in it.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Seed.WebClient.RedirectUri, location.GetLeftPart(UriPartial.Path));
        Assert.Empty(location.Fragment);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("unsupported_response_type", query["error"]);
        Assert.DoesNotContain(query.Keys, k => k is "code" or "access_token" or "id_token");
    }

    [Theory]
    [Trait("Security", "G2")]
    [InlineData("password")]
    [InlineData("implicit")]
    public async Task Token_RefusesGrantTypesOutsideOAuth21(string grantType)
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = grantType, ["username"] = Seed.User.Username, ["password"] = Seed.User.Password },
            Seed.WebClient.Id, Seed.WebClient.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("unsupported_grant_type", tokens.Error);
    }

    [Theory]
    [Trait("Security", "G3")]
    [InlineData("", "invalid_request")]
    [InlineData("urn:example:unknown", "unsupported_grant_type")]
    public async Task Token_AnswersErrorsAsJson_WithNoStore(string grantType, string error)
    {
        using var client = factory.CreateOAuthClient();
        var tokens = await client.TokenAsync(new() { ["grant_type"] = grantType }, Seed.Service.Id, Seed.Service.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal(error, tokens.Error);
        Assert.NotNull(tokens["error_description"]);
        Assert.Equal("application/json", tokens.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", tokens.Response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [Trait("Security", "G4")]
    [InlineData("/connect/token", "grant_type=client_credentials&grant_type=client_credentials&scope=api.read")]
    [InlineData("/connect/token", "grant_type=client_credentials&scope=api.read&scope=api.write")]
    [InlineData("/connect/introspect", "token=a&token=b")]
    [InlineData("/connect/revoke", "token=a&token=b")]
    public async Task BackChannelEndpoints_RejectARepeatedParameter(string endpoint, string body)
    {
        using var client = factory.CreateOAuthClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body + $"&client_id={Seed.Service.Id}&client_secret={Seed.Service.Secret}",
                System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };

        var response = await TokenResponse.ReadAsync(await client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Error);
    }

    [Fact]
    [Trait("Security", "G4")]
    public async Task Authorize_RejectsARepeatedParameter_WithoutRedirect()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)) + "&state=second");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("error: invalid_request", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Security", "G5")]
    public async Task Token_IsPostOnly_AndIgnoresUnknownParameters()
    {
        using var client = factory.CreateOAuthClient();
        var get = await client.Http.GetAsync($"/connect/token?grant_type=client_credentials&client_id={Seed.Service.Id}&client_secret={Seed.Service.Secret}");
        Assert.True(get.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed, get.StatusCode.ToString());
        Assert.DoesNotContain("access_token", await get.Content.ReadAsStringAsync());

        var extra = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "api.read", ["x_unknown"] = "ignored" },
            Seed.Service.Id, Seed.Service.Secret);
        Assert.Equal(HttpStatusCode.OK, extra.Status);
    }
}
