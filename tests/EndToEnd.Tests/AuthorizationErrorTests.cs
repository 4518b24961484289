using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace EndToEnd.Tests;

/// <summary>
/// RFC 6749 §4.1.2.1 on real Kestrel: once the client and its redirect URI are trusted, an authorization error goes
/// back to that URI with <c>error</c>, <c>error_description</c>, <c>state</c> and <c>iss</c> (RFC 9207); a request
/// whose client, redirect URI or response mode cannot be trusted stops on the AuthServer's error page
/// (docs/security-checklist.md R2, R3).
/// </summary>
public sealed class AuthorizationErrorTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private const string State = "state-123";

    private Stack Stack => fixture.Stack;

    public static TheoryData<string, string, string> RedirectedErrors => new()
    {
        // case, "name=value" changes to the valid request ("name=" removes it), expected error
        { "unknown scope", "scope=openid nope", "invalid_scope" },
        { "scope the client may not use", "scope=openid api.write", "invalid_scope" },
        { "implicit", "response_type=token", "unsupported_response_type" },
        { "hybrid", "response_type=code token", "unsupported_response_type" },
        { "unknown response type", "response_type=banana", "unsupported_response_type" },
        { "no response type", "response_type=", "invalid_request" },
        { "no PKCE", "code_challenge=&code_challenge_method=", "invalid_request" },
        { "plain PKCE", "code_challenge_method=plain", "invalid_request" },
        { "unknown PKCE method", "code_challenge_method=S512", "invalid_request" },
        { "query response mode named explicitly", "scope=openid api.write&response_mode=query", "invalid_scope" },
    };

    [Theory]
    [MemberData(nameof(RedirectedErrors))]
    public async Task R5_Authorize_RedirectsTheError_WithStateAndIss_WhenClientAndRedirectUriAreTrusted(string @case, string changes, string error)
    {
        using var client = Stack.CreateOAuthClient();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(Request(changes)));

        Assert.True(response.StatusCode == HttpStatusCode.Found, $"{@case}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.Equal(Stack.DemoClientCallback.AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        Assert.Empty(location.Fragment);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(error, query["error"]);
        Assert.False(string.IsNullOrWhiteSpace(query["error_description"]), @case);
        Assert.Equal(State, query["state"]);
        Assert.Equal(Stack.AuthServer.AbsoluteUri, query["iss"]);
        Assert.False(query.ContainsKey("code"), @case);
    }

    [Fact]
    public async Task Authorize_PostsTheError_WhenTheClientAskedForFormPost_UnderACspAllowingOnlyThatPagesScript()
    {
        using var client = Stack.CreateOAuthClient();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(Request("scope=openid api.write&response_mode=form_post")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form")!;
        Assert.Equal(Stack.DemoClientCallback.AbsoluteUri, form.GetAttribute("action"));
        string? Field(string name) => document.QuerySelector($"input[name={name}]")?.GetAttribute("value");
        Assert.Equal("invalid_scope", Field("error"));
        Assert.Equal(State, Field("state"));
        Assert.Equal(Stack.AuthServer.AbsoluteUri, Field("iss"));
        AssertCspAllowsExactly(response, document.QuerySelector("script")!.TextContent);
    }

    public static TheoryData<string, string> UntrustedRequests => new()
    {
        { "unknown client", "client_id=no-such-client&scope=openid api.write" },
        { "unregistered redirect URI", "redirect_uri=https://evil.example/callback&scope=openid api.write" },
        { "redirect URI differing by a path segment", "redirect_uri={callback}/x&response_type=token" },
        { "no redirect URI (none is filled in for an error)", "redirect_uri=&scope=openid api.write" },
        { "a client that may not use this endpoint", "client_id=demo-service&scope=api.write" },
        { "fragment response mode for a code-flow client", "response_mode=fragment&scope=openid api.write" },
        { "unknown response mode", "response_mode=web_message&scope=openid api.write" },
        { "state sent twice", "scope=openid api.write&state=other" },
    };

    [Theory]
    [MemberData(nameof(UntrustedRequests))]
    public async Task R2_R3_Authorize_ShowsTheErrorPage_NeverARedirect_WhenTheRequestCannotBeTrusted(string @case, string changes)
    {
        using var client = Stack.CreateOAuthClient();
        var url = OAuthClient.AuthorizeUrl(Request(changes));
        if (@case == "state sent twice")
        {
            url += "&state=" + State;
        }

        var response = await client.Http.GetAsync(url);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: {response.StatusCode} {response.Headers.Location}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("This sign-in request can't continue", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    /// <summary>The valid demo-client request (PKCE S256, state, nonce) with <paramref name="changes"/> applied.</summary>
    private Dictionary<string, string?> Request(string changes)
    {
        var request = OAuthClient.CodeRequest(OAuthClient.NewPkce().Challenge, redirectUri: Stack.DemoClientCallback.AbsoluteUri, state: State);
        foreach (var change in changes.Split('&'))
        {
            var (name, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            value = value.Replace("{callback}", Stack.DemoClientCallback.AbsoluteUri, StringComparison.Ordinal);
            if (value.Length == 0)
            {
                request.Remove(name);
            }
            else
            {
                request[name] = value;
            }
        }

        return request;
    }

    /// <summary>The policy names exactly one script, by the SHA-256 of the text the page carries, and keeps framing off.</summary>
    internal static void AssertCspAllowsExactly(HttpResponseMessage response, string script)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

/// <summary>The DemoClient configured with a scope demo-client is not registered for: the page explains the error.</summary>
public sealed class DemoClientScopeErrorTests(DemoClientScopeErrorTests.Fixture fixture) : IClassFixture<DemoClientScopeErrorTests.Fixture>
{
    [Fact]
    public async Task Page_ShowsInvalidScope_ExplainedLikeAccessDenied_WithStateAndIssChecked()
    {
        using var browser = new DemoBrowser();
        var home = await browser.GetAsync(fixture.Stack.DemoClient);

        var page = await browser.PressAsync(home, "#signin");

        // Straight back from the AuthServer: no sign-in page, no consent page, the error on the DemoClient.
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(fixture.Stack.DemoClient.AbsoluteUri, page.Url.GetLeftPart(UriPartial.Path));
        Assert.DoesNotContain(browser.Visited, url => url.AbsolutePath == "/account/login");
        var result = page.Document.QuerySelector("#callback-result")!;
        Assert.Equal("alert", result.ClassName);
        Assert.Contains("error=invalid_scope", result.TextContent, StringComparison.Ordinal);
        Assert.Contains("not allowed to use the 'api.write' scope", result.TextContent, StringComparison.Ordinal);
        Assert.Contains("Check Auth:Scope", result.TextContent, StringComparison.Ordinal);
        var checks = page.Document.QuerySelectorAll("#callback-checks tbody tr");
        Assert.Equal(2, checks.Length); // iss and state
        Assert.All(checks, row => Assert.Equal("true", row.GetAttribute("data-passed")));
        Assert.Null(page.Document.QuerySelector("#api-status"));
    }

    public sealed class Fixture : StackFixture
    {
        protected override StackOptions Options => new(DemoClientSettings: new Dictionary<string, string?>
        {
            ["Auth:Scope"] = "openid profile api.read api.write",
        });
    }
}
