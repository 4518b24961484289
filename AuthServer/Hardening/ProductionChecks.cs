using Microsoft.Extensions.Options;

namespace AuthServer.Hardening;

/// <summary>
/// Startup step 1 (SECURITY.md S3): outside Development and Testing the server refuses to start with settings that
/// are fine on a laptop and dangerous on a network, unless the operator explicitly allows each one. Each failure
/// names its setting. Runs before anything is migrated or written.
/// </summary>
internal sealed class ProductionChecks(TransportSecurity transport, IOptions<AuthServerOptions> options)
{
    /// <param name="seedSecretDefaultsUsed">Seed variables whose printed default secret is in use (from the seed file loaded once at start).</param>
    /// <exception cref="InsecureSettingsException">At least one insecure setting; the message lists them all.</exception>
    public void ThrowIfInsecure(IEnumerable<string> seedSecretDefaultsUsed)
    {
        if (transport.IsDevelopmentOrTesting)
        {
            return;
        }

        var problems = new List<string>();
        if (transport.IssuerProblem() is { } issuerProblem)
        {
            problems.Add(issuerProblem);
        }

        if (!options.Value.AllowDemoSecrets)
        {
            var allow = $"{AuthServerOptions.Section}:{nameof(AuthServerOptions.AllowDemoSecrets)}";
            problems.AddRange(seedSecretDefaultsUsed.Select(variable =>
                $"The seed file's default value for ${{{variable}}} is in use; set the environment variable {variable}, or set {allow}=true."));
        }

        if (problems.Count > 0)
        {
            throw new InsecureSettingsException(problems);
        }
    }
}

/// <summary>Thrown at start with every insecure setting found; <c>Startup/StartupErrors</c> prints it and exits 1.</summary>
public sealed class InsecureSettingsException(IReadOnlyList<string> problems)
    : Exception("Refusing to start with insecure settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
