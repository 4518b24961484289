using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests;

/// <summary>
/// Redirect URIs (RFC 9700 §4.1, RFC 9207): exact string matching, no redirect to an unregistered URI or for an
/// unknown client, errors only to the registered URI, <c>iss</c> on every response, no CORS (checklist R1–R3, R5, R7).
/// </summary>
public sealed class RedirectUriTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [Trait("Security", "R1")]
    [InlineData("http://localhost:5300/callback/")]
    [InlineData("http://localhost:5300/callback/extra")]
    [InlineData("http://localhost:5300/callback?x=1")]
    [InlineData("http://localhost:5300/callback#frag")]
    [InlineData("http://LOCALHOST:5300/callback")]
    [InlineData("http://localhost:5300/CALLBACK")]
    [InlineData("http://localhost:5300/Callback")]
    [InlineData("https://localhost:5300/callback")]
    [InlineData("http://localhost:5301/callback")]
    [InlineData("http://localhost:5300/callback/../callback")]
    [InlineData("http://localhost:5300/*")]
    [InlineData("https://evil.example/callback")]
    public async Task Authorize_ShowsErrorPageAndNeverRedirects_UnlessRedirectUriMatchesExactly(string redirectUri)
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, redirectUri: redirectUri)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("error: invalid_request", html);
        Assert.DoesNotContain("evil.example", html);
    }

    [Fact]
    [Trait("Security", "R2")]
    public async Task Authorize_ShowsErrorPageAndNeverRedirects_WhenClientIsUnknown()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, clientId: "evil-client", redirectUri: "https://evil.example/cb")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("error: invalid_request", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Security", "R3")]
    public async Task Authorize_SendsErrors_OnlyToTheRegisteredRedirectUri()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        // prompt=none without a session: an error the client must receive, sent only to its registered URI.
        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(PromptNone(challenge)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Seed.WebClient.RedirectUri + "?error=login_required", response.Headers.Location!.ToString());
    }

    [Fact]
    [Trait("Security", "R5")]
    public async Task Authorize_AddsIssToEveryResponse_AndDiscoveryAdvertisesIt()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var error = (await client.Http.GetAsync(OAuthClient.AuthorizeUrl(PromptNone(challenge)))).Headers.Location!;
        var success = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge));

        Assert.Equal(AuthServerFactory.Issuer, QueryHelpers.ParseQuery(success.Query)["iss"]);
        Assert.Equal(AuthServerFactory.Issuer, QueryHelpers.ParseQuery(error.Query)["iss"]);
        Assert.Contains("\"authorization_response_iss_parameter_supported\": true", await client.Http.GetStringAsync("/.well-known/openid-configuration"));
    }

    [Fact]
    [Trait("Security", "R7")]
    public async Task Authorize_SendsNoCorsHeaders()
    {
        using var client = factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        using var request = new HttpRequestMessage(HttpMethod.Get, OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge)));
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.Http.SendAsync(request);

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string?> PromptNone(string challenge)
    {
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "none";
        return request;
    }
}
