using System.Net;
using System.Net.Http.Headers;
using DemoClient.Headless;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;

namespace EndToEnd.Tests.Interop;

/// <summary>
/// Duende.IdentityModel.OidcClient, the usual .NET library for native apps, with its default settings: the app
/// listens on an ephemeral loopback port (RFC 8252 §7.3) that the seed never named (demo-native is registered as
/// http://127.0.0.1/callback), and its browser goes through the AuthServer's real sign-in and consent forms.
/// </summary>
public sealed class OidcClientTests(OidcClientTests.Fixture fixture) : IClassFixture<OidcClientTests.Fixture>
{
    private const string Scope = "openid profile offline_access api.read";

    public sealed class Fixture : StackFixture
    {
        protected override StackOptions Options => new(StartDemoClient: false);
    }

    private Stack Stack => fixture.Stack;

    [Fact]
    public async Task OidcClient_SignsInOnAnEphemeralLoopbackPort_CallsTheApi_AndRefreshes()
    {
        await using var listener = await LoopbackListener.StartAsync(CancellationToken.None);
        using var browser = new FormsBrowser(Stack, listener);
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = Stack.AuthServer.AbsoluteUri,
            ClientId = "demo-native",
            Scope = Scope,
            RedirectUri = new Uri(listener.BaseUrl, "callback").AbsoluteUri,
            Browser = browser,
        });

        var login = await client.LoginAsync(new LoginRequest());

        Assert.False(login.IsError, $"{login.Error}: {login.ErrorDescription}");
        Assert.Equal("alice", login.User.FindFirst("preferred_username")?.Value);
        Assert.Contains($"redirect_uri={Uri.EscapeDataString(listener.BaseUrl.AbsoluteUri)}callback", browser.StartUrl, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", browser.StartUrl, StringComparison.Ordinal);

        using var api = new HttpClient { BaseAddress = Stack.ResourceApi };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/me")).StatusCode);

        var refreshed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(refreshed.IsError, $"{refreshed.Error}: {refreshed.ErrorDescription}");
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken); // rotated (RFC 9700 §4.14.2)
        Assert.True((await client.RefreshTokenAsync(login.RefreshToken)).IsError);
    }

    /// <summary>
    /// OidcClient's browser: the user's sign-in and consent through the AuthServer's real forms, then the redirect
    /// followed to the app's loopback listener, whose received URL is what the app reads.
    /// </summary>
    private sealed class FormsBrowser(Stack stack, LoopbackListener listener) : IBrowser, IDisposable
    {
        private readonly OAuthClient _user = stack.CreateOAuthClient();

        public string StartUrl { get; private set; } = string.Empty;

        public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
        {
            StartUrl = options.StartUrl;
            var redirect = await _user.AuthorizeAsync(options.StartUrl, cancellationToken: cancellationToken);
            using var delivered = await _user.Http.GetAsync(redirect, cancellationToken);
            var received = await listener.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
            return received is null
                ? new BrowserResult { ResultType = BrowserResultType.Timeout, Error = "nothing reached the loopback listener" }
                : new BrowserResult { ResultType = BrowserResultType.Success, Response = received.AbsoluteUri };
        }

        public void Dispose() => _user.Dispose();
    }
}
