namespace AuthServer.Seeding;

/// <summary>Settings under <c>Seed:</c>.</summary>
public sealed class SeedOptions
{
    /// <summary>The seed file, relative to the content root when not absolute.</summary>
    public string Path { get; set; } = "../seed-clients.json";
}

public static class SeedingExtensions
{
    public static WebApplicationBuilder AddSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().BindConfiguration("Seed");
        return builder;
    }
}
