namespace AuthServer.Hosting;

/// <summary>
/// SECURITY.md S3: outside Development and Testing the server refuses to start with settings that are fine on a
/// laptop and dangerous on a network, unless the operator explicitly allows each one. Each failure names its setting.
/// </summary>
internal static class ProductionChecks
{
    /// <summary>Thrown at start with every insecure setting found; <see cref="StartupErrors"/> prints it and exits 1.</summary>
    public sealed class InsecureSettingsException(IReadOnlyList<string> problems)
        : Exception("Refusing to start with insecure settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));

    public static void ThrowIfInsecure(IServiceProvider services, IEnumerable<string> seedDefaultsUsed)
    {
        var problems = Find(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>(), seedDefaultsUsed);
        if (problems.Count > 0)
        {
            throw new InsecureSettingsException(problems);
        }
    }

    public const string AllowInsecureHttp = "AuthServer:AllowInsecureHttp";
    public const string AllowDemoSecrets = "AuthServer:AllowDemoSecrets";

    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment, IEnumerable<string> seedDefaultsUsed)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            return [];
        }

        var problems = new List<string>();
        var issuer = configuration["AuthServer:Issuer"];
        if (string.IsNullOrWhiteSpace(issuer) || !Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            problems.Add("AuthServer:Issuer must be set to the server's public https:// URL outside Development.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !configuration.GetValue<bool>(AllowInsecureHttp))
        {
            problems.Add($"AuthServer:Issuer is plain http on a non-loopback host ({uri.Host}); use https, or set {AllowInsecureHttp}=true behind a TLS-terminating proxy.");
        }

        if (!configuration.GetValue<bool>(AllowDemoSecrets))
        {
            problems.AddRange(seedDefaultsUsed.Select(variable =>
                $"The seed file's default value for ${{{variable}}} is in use; set the environment variable {variable}, or set {AllowDemoSecrets}=true."));
        }

        return problems;
    }
}
