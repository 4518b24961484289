namespace Bench.Cases;

/// <summary>How the bench starts each service: Production settings, loopback, a temp data folder, limits raised for load.</summary>
internal static class Services
{
    // A deadline, not a figure (startup is measured separately): generous for a loaded machine.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The AuthServer's environment: the repository's seed, its demo secrets allowed, throttling out of the way.</summary>
    public static Dictionary<string, string> AuthServerEnvironment(int port, string dataFolder, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AuthServer__Issuer"] = $"http://127.0.0.1:{port}/",
            ["AuthServer__DataPath"] = dataFolder,
            ["AuthServer__AllowDemoSecrets"] = "true",
            ["Seed__Path"] = RepoPaths.SeedFile,
            // The per-IP limits protect passwords and secrets from guessing; every bench request comes from one IP.
            ["AuthServer__RateLimits__TokenPermits"] = "100000000",
            ["AuthServer__RateLimits__LoginPermits"] = "100000000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public static Task<ServiceProcess> StartAuthServerAsync(
        string name, string dataFolder, string logFolder, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? extra = null, string? dll = null)
    {
        var port = FreePorts.Next();
        dll ??= RepoPaths.BuiltDll("AuthServer");
        return ServiceProcess.StartHealthyAsync(name, dll, port, AuthServerEnvironment(port, dataFolder, extra), logFolder, StartTimeout, cancellationToken);
    }

    public static Task<ServiceProcess> StartResourceApiAsync(ServiceProcess authServer, string logFolder, CancellationToken cancellationToken)
    {
        var port = FreePorts.Next();
        var dll = RepoPaths.BuiltDll("ResourceApi");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__Authority"] = authServer.BaseAddress.AbsoluteUri,
        };
        return ServiceProcess.StartHealthyAsync("ResourceApi", dll, port, environment, logFolder, StartTimeout, cancellationToken);
    }
}
