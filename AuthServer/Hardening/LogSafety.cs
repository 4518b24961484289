using Microsoft.Extensions.Options;

namespace AuthServer.Hardening;

/// <summary>
/// SECURITY.md S2: OpenIddict's Information and lower levels print whole requests (a PKCE <c>code_verifier</c>
/// unredacted) and reference identifiers (which are the authorization codes themselves). Whatever the logging
/// configuration says, OpenIddict categories log Warning and above only, unless an operator debugging on a
/// machine of their own sets <c>AuthServer:UnsafeOpenIddictDiagnostics=true</c>.
/// </summary>
internal static class LogSafety
{
    public static WebApplicationBuilder AddLogSafety(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LogSafetyOptions>().BindConfiguration(LogSafetyOptions.Section);
        builder.Services.AddOptions<LoggerFilterOptions>().PostConfigure<IOptions<LogSafetyOptions>>((filters, safety) =>
        {
            if (safety.Value.UnsafeOpenIddictDiagnostics)
            {
                return;
            }

            // Runs after the configuration's rules, so it also overrides more specific ones such as "OpenIddict.Server".
            foreach (var rule in filters.Rules.Where(r => r.CategoryName?.StartsWith("OpenIddict", StringComparison.Ordinal) == true).ToList())
            {
                filters.Rules.Remove(rule);
            }

            filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "OpenIddict", LogLevel.Warning, filter: null));
        });
        return builder;
    }
}

/// <summary>
/// <c>AuthServer:UnsafeOpenIddictDiagnostics</c>. Its own class, without validation, because the logging filters read
/// it while the host is built: an invalid setting elsewhere under <c>AuthServer:</c> must still be reported by the
/// start-up validation, not crash the logger.
/// </summary>
public sealed class LogSafetyOptions
{
    public const string Section = AuthServerOptions.Section;

    public bool UnsafeOpenIddictDiagnostics { get; set; }
}
