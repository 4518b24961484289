using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OAuthSuite.Testing;

/// <summary>
/// One service of the stack on real Kestrel at a fixed 127.0.0.1 port (known before start, because the issuer and
/// redirect URIs name it), environment <c>Testing</c>, with its settings visible to Program.cs before Build().
/// </summary>
public abstract class KestrelFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private Action<IServiceCollection>? _services;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        // The test output stays readable; warnings and errors still show.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <param name="certificate">When given, the service listens on HTTPS with it (and <paramref name="address"/> says https).</param>
    protected KestrelFactory(Uri address, IEnumerable<KeyValuePair<string, string?>>? settings, X509Certificate2? certificate = null)
    {
        Address = address;
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        // An explicit listen endpoint, not UseKestrel(port): that overload edits the server's address list, which
        // now and then raced the start ("Addresses cannot be modified after the server has started").
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, address.Port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
    }

    /// <summary>The service's base URL, e.g. <c>http://127.0.0.1:43123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Builds the host, runs its hosted services (migrations, seed) and starts listening.</summary>
    public Task StartAsync() => Task.Run(StartServer);

    protected void Set(string key, string? value) => _settings.TryAdd(key, value);

    /// <summary>Service overrides applied after the app's own registrations.</summary>
    protected void ConfigureServicesWith(Action<IServiceCollection>? configure) => _services = configure;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }
}
