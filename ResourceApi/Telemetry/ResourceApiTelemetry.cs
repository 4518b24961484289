using OAuthSuite.Telemetry;

namespace ResourceApi.Telemetry;

public static class ResourceApiTelemetry
{
    /// <summary>The shared setup (Shared/Telemetry) plus the ResourceApi's meter.</summary>
    public static WebApplicationBuilder AddResourceApiTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry(ResourceApiMetrics.Name);
        builder.Services.AddSingleton<ResourceApiMetrics>();
        return builder;
    }
}
