using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OAuthSuite.Telemetry;

/// <summary>
/// One telemetry setup for the three services, linked into each project as source (no Common project). Each service
/// has a meter and an ActivitySource named after it (<c>OAuthSuite.AuthServer</c> …). Nothing leaves the process
/// unless an operator asks: OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the console exporter
/// with <c>Telemetry:Console=true</c>. The meters are plain System.Diagnostics.Metrics, so <c>dotnet-counters</c>
/// reads them with no exporter at all.
/// </summary>
internal static class TelemetryExtensions
{
    public const string ConsoleSetting = "Telemetry:Console";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddTelemetry(
        this WebApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var console = builder.Configuration.GetValue<bool>(ConsoleSetting);

        // W3C trace context is .NET's default; stated so that a change of default cannot split DemoClient →
        // AuthServer → ResourceApi into separate traces.
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        Activity.ForceDefaultIdFormat = true;

        // Every log line written inside a request carries its trace and span ids (as a scope for the console
        // logger, as fields of the OpenTelemetry log record).
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(serviceName)
                    // ASP.NET Core's and HttpClient's built-in meters (http.server.request.duration, kestrel.*,
                    // aspnetcore.rate_limiting.*, http.client.request.duration …).
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                Export(metrics, otlp, console);
            })
            .WithTracing(traces =>
            {
                traces.AddSource(serviceName)
                    // Health probes every few seconds would drown the traces that matter.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation();
                tracing?.Invoke(traces);
                Export(traces, otlp, console);
            })
            .WithLogging(logs => Export(logs, otlp, console), options => options.IncludeFormattedMessage = true);
        return builder;
    }

    private static void Export(MeterProviderBuilder metrics, bool otlp, bool console)
    {
        if (otlp)
        {
            metrics.AddOtlpExporter();
        }

        if (console)
        {
            metrics.AddConsoleExporter();
        }
    }

    private static void Export(TracerProviderBuilder traces, bool otlp, bool console)
    {
        if (otlp)
        {
            traces.AddOtlpExporter();
        }

        if (console)
        {
            traces.AddConsoleExporter();
        }
    }

    private static void Export(LoggerProviderBuilder logs, bool otlp, bool console)
    {
        if (otlp)
        {
            logs.AddOtlpExporter();
        }

        if (console)
        {
            logs.AddConsoleExporter();
        }
    }
}
