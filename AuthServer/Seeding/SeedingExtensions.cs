namespace AuthServer.Seeding;

public static class SeedingExtensions
{
    /// <summary>
    /// The seed file and its sync. Nothing runs here: the startup sequence applies the file at start (through
    /// <see cref="SeedStartupStep"/>), and <see cref="SeedCommand"/> on demand.
    /// </summary>
    public static WebApplicationBuilder AddSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        builder.Services.AddSingleton<SeedFile>();
        builder.Services.AddScoped<SeedStartupStep>();

        // Transient: a sync collects its report while it runs, and two runs in one scope must not share it.
        builder.Services.AddTransient<SeedSync>();
        return builder;
    }
}
