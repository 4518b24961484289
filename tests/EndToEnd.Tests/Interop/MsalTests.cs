using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Identity.Client;

namespace EndToEnd.Tests.Interop;

/// <summary>
/// MSAL.NET, as a new user would set it up against a generic OpenID Connect authority: it refuses http, so the
/// AuthServer runs on real Kestrel over HTTPS with an https issuer. MSAL renews a token within 5 minutes of its
/// expiry; with the 15-minute default its cache answers the second call.
/// </summary>
public sealed class MsalTests : IAsyncLifetime, IDisposable
{
    private const string ShortLived = "msal-five-minutes";
    private const string ShortLivedSecret = "msal-five-minutes-secret";

    private readonly string _root = Directory.CreateTempSubdirectory("msal-").FullName;
    private readonly X509Certificate2 _certificate = ThrowawayCertificate.Create();
    private readonly List<IDisposable> _owned = [];
    private AuthServerOnKestrel? _server;

    private Uri Authority => _server!.Address;

    public async Task InitializeAsync()
    {
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.SeedFile))!;
        seed["clients"]!.AsArray().Add(new JsonObject
        {
            ["clientId"] = ShortLived,
            ["type"] = "confidential",
            ["clientSecret"] = ShortLivedSecret,
            ["grantTypes"] = new JsonArray("client_credentials"),
            ["scopes"] = new JsonArray("api.read"),
            ["tokenLifetimes"] = new JsonObject { ["accessToken"] = "00:05:00" },
        });
        var seedPath = Path.Combine(_root, "seed-clients.json");
        await File.WriteAllTextAsync(seedPath, seed.ToJsonString());

        var address = new Uri($"https://127.0.0.1:{FreePorts.Take(1)[0]}/");
        _server = new AuthServerOnKestrel(address, Directory.CreateDirectory(Path.Combine(_root, "data")).FullName, seedPath, settings: null, certificate: _certificate);
        await _server.StartAsync();
    }

    [Fact]
    public async Task Msal_ClientCredentialsOverHttps_SecondCallIsServedFromItsCache()
    {
        var app = Confidential(Seed.Service.Id, Seed.Service.Secret);

        var first = await app.AcquireTokenForClient(["api.read"]).ExecuteAsync();
        var second = await app.AcquireTokenForClient(["api.read"]).ExecuteAsync();

        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(first.AccessToken, second.AccessToken);
        Assert.Equal(Authority.AbsoluteUri, Jwt.Payload(first.AccessToken).GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Msal_NeverReusesAFiveMinuteToken_WhichIsWhyTheDefaultIsLonger()
    {
        var app = Confidential(ShortLived, ShortLivedSecret);

        var first = await app.AcquireTokenForClient(["api.read"]).ExecuteAsync();
        var second = await app.AcquireTokenForClient(["api.read"]).ExecuteAsync();

        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(TokenSource.IdentityProvider, second.AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task Msal_RefusesTheServer_WhenItsCertificateIsNotTheTrustedOne()
    {
        using var other = ThrowawayCertificate.Create();
        var app = ConfidentialClientApplicationBuilder.Create(Seed.Service.Id)
            .WithClientSecret(Seed.Service.Secret)
            .WithOidcAuthority(Authority.AbsoluteUri)
            .WithHttpClientFactory(Own(new PinnedHttpClientFactory(other)))
            .Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.AcquireTokenForClient(["api.read"]).ExecuteAsync());

        // The TLS handshake is what failed, not something later.
        Assert.True(Causes(error).Any(e => e is System.Security.Authentication.AuthenticationException), error.ToString());
        static IEnumerable<Exception> Causes(Exception? e)
        {
            for (; e is not null; e = e.InnerException)
            {
                yield return e;
            }
        }
    }

    private IConfidentialClientApplication Confidential(string clientId, string secret) =>
        ConfidentialClientApplicationBuilder.Create(clientId)
            .WithClientSecret(secret)
            .WithOidcAuthority(Authority.AbsoluteUri)
            .WithHttpClientFactory(Own(new PinnedHttpClientFactory(_certificate)))
            .Build();

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _server?.Dispose();
        _owned.ForEach(d => d.Dispose());
        _certificate.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>MSAL's HTTP client, trusting exactly the test's certificate.</summary>
    private sealed class PinnedHttpClientFactory(X509Certificate2 trusted) : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _http = new(ThrowawayCertificate.TrustingOnly(trusted));

        public HttpClient GetHttpClient() => _http;

        public void Dispose() => _http.Dispose();
    }
}
