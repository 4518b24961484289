using OAuthSuite.Telemetry;
using OpenTelemetry.Trace;

namespace AuthServer.Telemetry;

public static class AuthServerTelemetry
{
    /// <summary>
    /// The shared setup (Shared/Telemetry) plus the AuthServer's meter, its token handlers in OpenIddict, and a span
    /// per EF Core command (parameterized SQL only; values are never recorded).
    /// </summary>
    public static WebApplicationBuilder AddAuthServerTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry(AuthServerMetrics.Name, traces => traces.AddEntityFrameworkCoreInstrumentation());
        builder.Services.AddSingleton<AuthServerMetrics>();
        builder.Services.AddOpenIddict().AddServer(TokenTelemetry.Register);
        return builder;
    }
}
