using System.Diagnostics.Metrics;
using OAuthSuite.Telemetry;

namespace DemoClient.Telemetry;

/// <summary>
/// The DemoClient's meter, <c>OAuthSuite.DemoClient</c>: token requests it made, by grant type and outcome (the OAuth
/// error code, or <c>success</c>). Static, because the headless <c>walk</c> builds its flow outside the container.
/// </summary>
public static class DemoClientTelemetry
{
    public const string Name = "OAuthSuite.DemoClient";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> TokenRequests = Meter.CreateCounter<long>("oauthsuite.demo.token_requests", "{request}",
        "Token requests made by the DemoClient, by grant type and result (success or the OAuth error code).");

    public static WebApplicationBuilder AddDemoClientTelemetry(this WebApplicationBuilder builder) => builder.AddTelemetry(Name);

    public static void TokenRequested(string grantType, string? error) =>
        TokenRequests.Add(1, new("oauth.grant_type", grantType), new("oauthsuite.result", error ?? "success"));
}
