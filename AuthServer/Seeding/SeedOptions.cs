namespace AuthServer.Seeding;

/// <summary>Settings under <c>Seed:</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The seed file; a relative path is resolved against the content root (the AuthServer folder).</summary>
    public string Path { get; set; } = "../seed-clients.json";
}
