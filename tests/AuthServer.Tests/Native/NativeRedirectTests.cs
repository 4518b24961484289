using System.Net;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Tests.Native;

/// <summary>
/// RFC 8252 native apps: a port-less loopback registration accepts any port and nothing else (docs/security-checklist.md R1's one
/// exception), private-use schemes work for public clients, and the code stays bound to the exact URI (P7).
/// </summary>
public sealed class NativeRedirectTests(NativeAppServer server) : IClassFixture<NativeAppServer>
{
    private const string DemoNative = "demo-native";
    private const string NativeScope = "openid offline_access api.read";

    [Theory]
    [InlineData(1)]
    [InlineData(5300)]
    [InlineData(49152)]
    [InlineData(65535)]
    public async Task R1_LoopbackLiteral_RegisteredWithoutAPort_AcceptsAnyPort(int port)
    {
        using var client = server.Factory.CreateOAuthClient();
        var redirectUri = $"http://127.0.0.1:{port}/callback";
        var (verifier, challenge) = OAuthClient.NewPkce();

        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, DemoNative, redirectUri, scope: NativeScope));

        Assert.Equal(redirectUri, location.GetLeftPart(UriPartial.Path));
        var tokens = await client.RedeemAsync(Code(location), verifier, DemoNative, secret: null, redirectUri);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Fact]
    public async Task R1_Ipv6LoopbackLiteral_WithAQuery_AcceptsAnyPort()
    {
        using var client = server.Factory.CreateOAuthClient();
        var redirectUri = "http://[::1]:61234/native?app=desktop";
        var (_, challenge) = OAuthClient.NewPkce();

        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, NativeAppServer.NativeTest, redirectUri, scope: NativeScope));

        Assert.StartsWith(redirectUri + "&code=", location.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoNative, "http://localhost:5300/callback")]          // a name, not the registered literal (RFC 8252 §8.3)
    [InlineData(DemoNative, "http://localhost/callback")]
    [InlineData(DemoNative, "http://127.0.0.2:5300/callback")]
    [InlineData(DemoNative, "http://[::1]:5300/callback")]              // the other literal was not registered
    [InlineData(DemoNative, "https://127.0.0.1:5300/callback")]
    [InlineData(DemoNative, "HTTP://127.0.0.1:5300/callback")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/callback/")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/Callback")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/callback/extra")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/callback?x=1")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/callback/../callback")]
    [InlineData(DemoNative, "http://127.0.0.1:5300/%63allback")]
    [InlineData(DemoNative, "http://127.0.0.1:05300/callback")]
    [InlineData(DemoNative, "http://127.0.0.1:65536/callback")]
    [InlineData(DemoNative, "http://127.0.0.1:/callback")]
    [InlineData(DemoNative, "http://127.0.0.1:5300@evil.example/callback")]
    [InlineData(DemoNative, "http://127.0.0.1:5300.evil.example/callback")]
    [InlineData(NativeAppServer.NativeTest, "http://[::1]:5300/native")]
    [InlineData(NativeAppServer.NativeTest, "http://[::1]:5300/native?app=other")]
    [InlineData(NativeAppServer.NativeTest, "http://[::1]:5300/native?app=desktop&x=1")]
    [InlineData(NativeAppServer.NativeTest, "http://[::1]:5300/native?APP=desktop")]
    [InlineData(NativeAppServer.NativeTest, "com.example.app:/oauth/callback/")]
    [InlineData(NativeAppServer.NativeTest, "com.example.app://oauth/callback")]
    [InlineData(NativeAppServer.NativeTest, "com.example.evil:/oauth/callback")]
    public async Task R1_PortlessLoopback_VariesOnlyThePort_AndEverythingElseIsExact(string clientId, string redirectUri)
    {
        using var client = server.Factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();

        var response = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(OAuthClient.CodeRequest(challenge, clientId, redirectUri, scope: NativeScope)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task R1_AnyPort_IsNeverGrantedToAConfidentialClient_EvenIfRegisteredWithoutAPort()
    {
        // The seed refuses this registration; a client created by other means must still match exactly.
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = "confidential-loopback",
                ClientSecret = "confidential-loopback-secret",
                ClientType = ClientTypes.Confidential,
                RedirectUris = { new Uri("http://127.0.0.1/cb") },
                Permissions = { Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code },
            };
            await applications.CreateAsync(descriptor);
        }

        using var client = server.Factory.CreateOAuthClient();
        var (_, challenge) = OAuthClient.NewPkce();
        var exact = OAuthClient.CodeRequest(challenge, "confidential-loopback", "http://127.0.0.1/cb", scope: "openid");
        var otherPort = OAuthClient.CodeRequest(challenge, "confidential-loopback", "http://127.0.0.1:5300/cb", scope: "openid");

        var accepted = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(exact));
        var refused = await client.Http.GetAsync(OAuthClient.AuthorizeUrl(otherPort));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode); // on to the login page
        Assert.StartsWith("/account/login", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
    }

    [Fact]
    public async Task P7_ACodeSentToOnePort_IsRedeemedOnlyWithThatExactUri()
    {
        using var client = server.Factory.CreateOAuthClient();
        var (verifier, challenge) = OAuthClient.NewPkce();
        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, DemoNative, "http://127.0.0.1:40001/callback", scope: NativeScope));
        var code = Code(location);

        foreach (var other in new[] { "http://127.0.0.1:40002/callback", "http://127.0.0.1/callback" })
        {
            var refused = await client.RedeemAsync(code, verifier, DemoNative, secret: null, other);
            Assert.Equal("invalid_grant", refused.Error);
        }

        // A refused attempt does not consume the code: the app on the right port still gets its tokens.
        var tokens = await client.RedeemAsync(code, verifier, DemoNative, secret: null, "http://127.0.0.1:40001/callback");
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task PrivateUseScheme_IsAcceptedForAPublicClient_AndItsCodeRedeems()
    {
        using var client = server.Factory.CreateOAuthClient();
        var (verifier, challenge) = OAuthClient.NewPkce();

        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, NativeAppServer.NativeTest, NativeAppServer.PrivateUse, scope: NativeScope));

        Assert.StartsWith(NativeAppServer.PrivateUse + "?code=", location.OriginalString, StringComparison.Ordinal);
        var tokens = await client.RedeemAsync(Code(location), verifier, NativeAppServer.NativeTest, secret: null, NativeAppServer.PrivateUse);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    private static string Code(Uri location)
    {
        var query = location.OriginalString[(location.OriginalString.IndexOf('?', StringComparison.Ordinal) + 1)..];
        var code = QueryHelpers.ParseQuery(query)["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), $"no code in {location}");
        return code;
    }
}
