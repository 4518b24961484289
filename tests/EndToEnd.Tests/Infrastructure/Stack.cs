using System.Diagnostics.CodeAnalysis;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// Overrides for one stack. Settings win over the stack's own. Since ports are chosen at start, a value may name
/// the services' URLs as <c>{authserver}</c>, <c>{resourceapi}</c> and <c>{democlient}</c> (each ends with '/').
/// <see cref="EditSeed"/> changes the generated seed file (e.g. registers another client) before the AuthServer reads it.
/// </summary>
public sealed record StackOptions(
    bool StartDemoClient = true,
    IDictionary<string, string?>? AuthServerSettings = null,
    IDictionary<string, string?>? ResourceApiSettings = null,
    IDictionary<string, string?>? DemoClientSettings = null,
    Action<System.Text.Json.Nodes.JsonObject>? EditSeed = null);

/// <summary>
/// AuthServer, ResourceApi and DemoClient on real Kestrel on free 127.0.0.1 ports, talking real loopback HTTP,
/// with a fresh temp folder (SQLite database, key ring, generated seed file) per stack.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A stack of services, not a Stack<T> collection.")]
public sealed class Stack : IAsyncDisposable
{
    public const string DemoClientId = "demo-client";
    public const string DemoClientSecret = "demo-client-secret";

    private readonly StackOptions _options;
    private readonly string _root;
    private AuthServerFactory? _authServer;
    private ResourceApiFactory? _resourceApi;
    private DemoClientFactory? _demoClient;

    private Stack(StackOptions options, string root, int[] ports)
    {
        _options = options;
        _root = root;
        AuthServer = Loopback(ports[0]);
        ResourceApi = Loopback(ports[1]);
        DemoClient = Loopback(ports[2]);
        DataPath = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        SeedPath = Path.Combine(root, "seed-clients.json");
    }

    /// <summary>The AuthServer's base URL, which is also the issuer, e.g. <c>http://127.0.0.1:43123/</c>.</summary>
    public Uri AuthServer { get; }

    public Uri ResourceApi { get; }

    /// <summary>The DemoClient's base URL; the seed registers <c>{DemoClient}callback</c> as its redirect URI.</summary>
    public Uri DemoClient { get; }

    /// <summary>The redirect URI registered for demo-client in the generated seed.</summary>
    public Uri DemoClientCallback => new(DemoClient, "callback");

    /// <summary>The AuthServer's data folder (SQLite database, Data Protection keys).</summary>
    public string DataPath { get; }

    public string SeedPath { get; }

    /// <summary>The running AuthServer's services (a new provider after <see cref="RestartAuthServerAsync"/>).</summary>
    public IServiceProvider AuthServerServices =>
        (_authServer ?? throw new InvalidOperationException("The AuthServer is not running.")).Services;

    /// <summary>
    /// A browser-like client of the AuthServer (cookies kept, redirects not followed) whose authorization requests
    /// use the DemoClient callback registered in this stack's seed.
    /// </summary>
    public OAuthClient CreateOAuthClient() =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = AuthServer })
        {
            RedirectUri = DemoClientCallback.AbsoluteUri,
        };

    public static async Task<Stack> StartAsync(StackOptions? options = null)
    {
        var root = Directory.CreateTempSubdirectory("oauthsuite-e2e-").FullName;
        var stack = new Stack(options ?? new StackOptions(), root, FreePorts.Take(3));
        try
        {
            SeedFile.WriteFor(stack.DemoClient, stack.SeedPath, stack._options.EditSeed);

            // Independent until the first request: the ResourceApi fetches discovery lazily, the DemoClient too.
            stack._authServer = stack.NewAuthServer();
            stack._resourceApi = new ResourceApiFactory(stack.ResourceApi, stack.AuthServer, stack.Resolve(stack._options.ResourceApiSettings));
            List<Task> starting = [stack._authServer.StartAsync(), stack._resourceApi.StartAsync()];
            if (stack._options.StartDemoClient)
            {
                stack._demoClient = new DemoClientFactory(stack.DemoClient, stack.AuthServer, stack.ResourceApi, stack.Resolve(stack._options.DemoClientSettings));
                starting.Add(stack._demoClient.StartAsync());
            }
            await Task.WhenAll(starting);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the AuthServer and starts it again on the same port, data folder and seed file.</summary>
    public async Task RestartAuthServerAsync()
    {
        if (_authServer is { } running)
        {
            _authServer = null;
            await running.DisposeAsync();
        }

        // The old host's pooled SQLite connections must not outlive it (WAL files, locks).
        SqliteConnection.ClearAllPools();
        _authServer = NewAuthServer();
        await _authServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAsync(_demoClient);
        _demoClient = null;
        await DisposeAsync(_resourceApi);
        _resourceApi = null;
        await DisposeAsync(_authServer);
        _authServer = null;

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by another stack's pooled connection; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async ValueTask DisposeAsync(IAsyncDisposable? service)
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }
    }

    private AuthServerFactory NewAuthServer() => new(AuthServer, DataPath, SeedPath, Resolve(_options.AuthServerSettings));

    private Dictionary<string, string?>? Resolve(IDictionary<string, string?>? settings) =>
        settings?.ToDictionary(s => s.Key, s => s.Value?
            .Replace("{authserver}", AuthServer.AbsoluteUri, StringComparison.Ordinal)
            .Replace("{resourceapi}", ResourceApi.AbsoluteUri, StringComparison.Ordinal)
            .Replace("{democlient}", DemoClient.AbsoluteUri, StringComparison.Ordinal));

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port}/");
}
