namespace AuthServer.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds OAuthSuite.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string SeedFile => Path.Combine(Root, "seed-clients.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OAuthSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OAuthSuite.sln not found above " + AppContext.BaseDirectory);
    }
}
