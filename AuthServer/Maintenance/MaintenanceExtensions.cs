namespace AuthServer.Maintenance;

public static class MaintenanceExtensions
{
    /// <summary>Background upkeep off the request path: pruning dead tokens and authorizations, and handing back startup memory.</summary>
    public static WebApplicationBuilder AddMaintenance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PruneOptions>().BindConfiguration(PruneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<PruneJob>();
        builder.Services.AddHostedService<StartupMemoryTrim>();
        return builder;
    }
}
