using AuthServer;
using DemoClient;
using ResourceApi;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>The AuthServer: the issuer is its own URL; data folder and seed file are the stack's.</summary>
public sealed class AuthServerFactory : KestrelFactory<AuthServerEntryPoint>
{
    public AuthServerFactory(Uri address, string dataPath, string seedPath, IDictionary<string, string?>? settings)
        : base(address, settings)
    {
        Set("AuthServer:Issuer", address.AbsoluteUri);
        Set("AuthServer:DataPath", dataPath);
        Set("Seed:Path", seedPath);
    }
}

/// <summary>The ResourceApi, trusting the stack's AuthServer over real loopback HTTP.</summary>
public sealed class ResourceApiFactory : KestrelFactory<ResourceApiEntryPoint>
{
    public const string Audience = "resource-api";

    public ResourceApiFactory(Uri address, Uri authority, IDictionary<string, string?>? settings)
        : base(address, settings)
    {
        Set("Auth:Authority", authority.AbsoluteUri);
        Set("Auth:Audience", Audience);
    }
}

/// <summary>The DemoClient, a confidential client of the AuthServer calling the ResourceApi.</summary>
public sealed class DemoClientFactory : KestrelFactory<DemoClientEntryPoint>
{
    public DemoClientFactory(Uri address, Uri authority, Uri resourceApi, IDictionary<string, string?>? settings = null)
        : base(address, settings)
    {
        Set("Auth:Authority", authority.AbsoluteUri);
        Set("Auth:ClientId", Stack.DemoClientId);
        Set("Auth:ClientSecret", Stack.DemoClientSecret);
        Set("ResourceApi:BaseUrl", resourceApi.AbsoluteUri);
        Set("DemoClient:BaseUrl", address.AbsoluteUri);
    }
}
