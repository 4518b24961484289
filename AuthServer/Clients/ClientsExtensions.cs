using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Clients;

public static class ClientsExtensions
{
    /// <summary>Client authentication that is cheap when repeated and gives no timing hint about which clients exist.</summary>
    public static OpenIddictBuilder AddClientAuthentication(this OpenIddictBuilder openIddict)
    {
        openIddict.Services.AddSingleton<VerifiedSecretCache>();
        openIddict.AddCore(core => core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, CachingApplicationManager>());
        openIddict.AddServer(server => server.AddEventHandler(EqualizeUnknownClientTiming.Descriptor).UseUniformClientErrors());
        return openIddict;
    }
}
