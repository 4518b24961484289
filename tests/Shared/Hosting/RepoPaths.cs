namespace OAuthSuite.Testing;

/// <summary>Where the repository and the services' build output are, for the tests and the bench alike.</summary>
public static class RepoPaths
{
    /// <summary>
    /// Debug or Release: the configuration this file was compiled in. It is linked into every test project and the
    /// bench, and the services they start come from the same build (project references), so this is theirs too.
    /// </summary>
    public static string Configuration { get; } =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The repository root: the folder above the running binaries that holds OAuthSuite.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string SeedFile => Path.Combine(Root, "seed-clients.json");

    public static string ProjectFolder(string project) => Path.Combine(Root, project);

    /// <summary>A service's entry assembly in its own build output, e.g. <c>AuthServer/bin/Release/net10.0/AuthServer.dll</c>.</summary>
    public static string BuiltDll(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OAuthSuite.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"OAuthSuite.sln not found above {AppContext.BaseDirectory}; run from the repository.");
    }
}
