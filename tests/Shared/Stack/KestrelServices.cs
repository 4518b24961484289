using AuthServer;
using DemoClient;
using ResourceApi;

namespace OAuthSuite.Testing;

/// <summary>The AuthServer: the issuer is its own URL; data folder and seed file are the stack's.</summary>
public sealed class AuthServerOnKestrel : KestrelFactory<AuthServerEntryPoint>
{
    public AuthServerOnKestrel(Uri address, string dataPath, string seedPath, IDictionary<string, string?>? settings,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
        : base(address, settings, certificate)
    {
        ConfigureServicesWith(services);
        Set("AuthServer:Issuer", address.AbsoluteUri);
        Set("AuthServer:DataPath", dataPath);
        Set("Seed:Path", seedPath);
    }
}

/// <summary>The ResourceApi, trusting the stack's AuthServer over real loopback HTTP, callable from the DemoClient's pages.</summary>
public sealed class ResourceApiOnKestrel : KestrelFactory<ResourceApiEntryPoint>
{
    public const string Audience = "resource-api";

    public ResourceApiOnKestrel(Uri address, Uri authority, Uri demoClient, IDictionary<string, string?>? settings)
        : base(address, settings)
    {
        Set("Auth:Authority", authority.AbsoluteUri);
        Set("Auth:Audience", Audience);
        Set("Cors:AllowedOrigins:0", demoClient.GetLeftPart(UriPartial.Authority));
    }
}

/// <summary>The DemoClient, a confidential client of the AuthServer calling the ResourceApi.</summary>
public sealed class DemoClientOnKestrel : KestrelFactory<DemoClientEntryPoint>
{
    public DemoClientOnKestrel(Uri address, Uri authority, Uri resourceApi, IDictionary<string, string?>? settings = null)
        : base(address, settings)
    {
        Set("Auth:Authority", authority.AbsoluteUri);
        Set("Auth:ClientId", Seed.WebClient.Id);
        Set("Auth:ClientSecret", Seed.WebClient.Secret);
        Set("ResourceApi:BaseUrl", resourceApi.AbsoluteUri);
        Set("DemoClient:BaseUrl", address.AbsoluteUri);
        Set("DemoClient:RequestTimeout", "00:03:00"); // a loaded test machine, not a person waiting
    }
}
