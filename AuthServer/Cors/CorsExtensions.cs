using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthServer.Cors;

public static class CorsExtensions
{
    /// <summary>ASP.NET Core's CORS middleware, with the allowed origins read from the clients' registrations.</summary>
    public static WebApplicationBuilder AddCrossOrigin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RegisteredOrigins>();
        builder.Services.AddCors();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, RegisteredOriginsPolicyProvider>());
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler(OriginBoundClients.Descriptor));
        return builder;
    }
}
