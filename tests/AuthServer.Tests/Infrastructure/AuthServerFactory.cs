using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// The real AuthServer in memory on its own temp data folder (SQLite file, WAL, migrations and key ring all real).
/// Pass the same <see cref="DataPath"/> to a second factory to simulate a restart.
/// </summary>
public class AuthServerFactory : WebApplicationFactory<AuthServerEntryPoint>
{
    public const string Issuer = "http://localhost/";

    private readonly bool _ownsData;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];

    public AuthServerFactory()
        : this(dataPath: null, seedPath: null)
    {
    }

    /// <summary>A server on an existing data folder (a restart) or with another seed file.</summary>
    public static AuthServerFactory Create(string? dataPath, string? seedPath) => new(dataPath, seedPath);

    private AuthServerFactory(string? dataPath, string? seedPath)
    {
        _ownsData = dataPath is null;
        DataPath = dataPath ?? Directory.CreateTempSubdirectory("authserver-test-").FullName;
        SeedPath = seedPath ?? RepoPaths.SeedFile;
    }

    public string DataPath { get; }

    public string SeedPath { get; }

    /// <summary>Extra configuration, applied before the host builds (visible to Program.cs).</summary>
    public AuthServerFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public AuthServerFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("AuthServer:Issuer", Issuer);
        builder.UseSetting("AuthServer:DataPath", DataPath);
        builder.UseSetting("Seed:Path", SeedPath);

        // Every test shares one client "IP" in memory; throttling has its own tests with low limits.
        builder.UseSetting("AuthServer:RateLimits:LoginPermits", "100000");
        builder.UseSetting("AuthServer:RateLimits:TokenPermits", "100000");
        builder.UseSetting("AuthServer:RateLimits:DeviceCodePermits", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    public OAuthClient CreateOAuthClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(Issuer),
    }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
            }
        }
    }
}
