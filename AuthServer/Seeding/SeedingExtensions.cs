namespace AuthServer.Seeding;

public static class SeedingExtensions
{
    /// <summary>
    /// The seed file's settings and its sync. Nothing runs here: the database initializer applies the file at start,
    /// and <see cref="SeedCommand"/> on demand.
    /// </summary>
    public static WebApplicationBuilder AddSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);

        // Transient: a sync collects its report while it runs, and two runs in one scope must not share it.
        builder.Services.AddTransient<SeedSync>();
        return builder;
    }
}
