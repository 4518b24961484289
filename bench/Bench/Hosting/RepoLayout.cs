using System.Reflection;

namespace Bench.Hosting;

/// <summary>Where the repository and the services' build output are, and which configuration the runner was built in.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the services were built by the same build as this runner (project references).</summary>
    public static string Configuration { get; } = typeof(RepoLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    public static string ProjectFolder(string project) => Path.Combine(Root, project);

    public static string BuiltDll(string project) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");

    public static string SeedFile => Path.Combine(Root, "seed-clients.json");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OAuthSuite.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"OAuthSuite.sln not found above {AppContext.BaseDirectory}; run the bench from the repository.");
    }
}
