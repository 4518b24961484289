using AuthServer.Hardening;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthServer.Startup;

public static class StartupExtensions
{
    /// <summary>The startup sequence and its settings step; the other steps are registered by their features.</summary>
    public static WebApplicationBuilder AddStartupSequence(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<TransportSecurity>();
        builder.Services.AddSingleton<ProductionChecks>();
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHostedService<StartupSequence>();
        builder.QuietHostStartFailures();
        return builder;
    }
}
