using Microsoft.Extensions.Logging;

namespace AuthServer.Hosting;

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
        if (builder.Configuration.GetValue<bool>("AuthServer:UnsafeOpenIddictDiagnostics"))
        {
            return builder;
        }

        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            // Runs after the configuration's rules, so it also overrides more specific ones such as "OpenIddict.Server".
            foreach (var rule in options.Rules.Where(r => r.CategoryName?.StartsWith("OpenIddict", StringComparison.Ordinal) == true).ToList())
            {
                options.Rules.Remove(rule);
            }

            options.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "OpenIddict", LogLevel.Warning, filter: null));
        });
        return builder;
    }
}
