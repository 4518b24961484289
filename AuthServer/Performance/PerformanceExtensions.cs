using AuthServer.Data;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Performance;

public static class PerformanceExtensions
{
    /// <summary>
    /// What <c>bench/</c> measured to matter: client and scope lookups served from memory, token rows group-committed
    /// on SQLite, pruning in short batches from a background job, and startup memory handed back. Call after
    /// <c>AddOAuthServer</c>: it replaces stores that one registers.
    /// </summary>
    public static WebApplicationBuilder AddPerformanceTuning(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PerformanceOptions>().BindConfiguration(PerformanceOptions.Section);
        builder.Services.AddOptions<PruneOptions>().BindConfiguration(PruneOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(typeof(EntitySnapshots<>));
        builder.Services.AddOpenIddict().AddCore(core => core
            .ReplaceApplicationStore<OpenIddictEntityFrameworkCoreApplication, CachedApplicationStore>(ServiceLifetime.Scoped)
            .ReplaceScopeStore<OpenIddictEntityFrameworkCoreScope, CachedScopeStore>(ServiceLifetime.Scoped)
            .ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, TokenStore>(ServiceLifetime.Scoped));

        var options = builder.Configuration.GetSection(PerformanceOptions.Section).Get<PerformanceOptions>() ?? new PerformanceOptions();
        if (options.BatchTokenWrites && DataExtensions.UsesSqlite(builder))
        {
            builder.Services.AddSingleton<TokenWriteBatcher>();
        }

        builder.Services.AddHostedService<PruneJob>();
        builder.Services.AddHostedService<StartupMemoryTrim>();
        return builder;
    }
}
