using System.Globalization;
using System.Threading.RateLimiting;
using AuthServer.Pages;
using AuthServer.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthServer.Hardening;

/// <summary>
/// Per-client-IP throttling of the places where passwords, secrets and codes are guessed: the sign-in form, the
/// token endpoint and the device page's code entry (RFC 9700 §4.x brute force; docs/security-checklist.md C3). Rejections are 429 with Retry-After.
/// </summary>
internal static class RateLimits
{
    public const string Login = "login";
    public const string Token = "token";
    public const string DeviceCode = "device-code";

    // The device verification page (Device/DevicePage); named here so this folder imports no feature.
    private const string DevicePath = "/device";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(static _ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static async (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<AuthServerMetrics>().RateLimitRejected(PolicyOf(context.HttpContext));
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                // A person is typing on the device page: a page that says why, rather than an empty 429.
                if (context.HttpContext.Request.Path == DevicePath)
                {
                    await Html.Page("Too many attempts", """
                        <h1>Too many codes tried</h1>
                        <p class="error" role="alert">Too many codes were tried from your network in a short time. Wait a minute, then enter the code again.</p>
                        """, StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
                }
            };
            // A global limiter, because OpenIddict answers introspection and revocation before endpoint routing.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.Path.Value switch
            {
                "/account/login" when HttpMethods.IsPost(context.Request.Method) => PerIp(Login, context, options.LoginPermits, options.LoginWindow),
                "/connect/token" or "/connect/introspect" or "/connect/revoke" or "/connect/device" => PerIp(Token, context, options.TokenPermits, options.TokenWindow),
                // Every request to the device page that carries a code is a guess, whether typed (POST) or in a link (GET).
                DevicePath when HttpMethods.IsPost(context.Request.Method) || context.Request.Query.ContainsKey("user_code")
                    => PerIp(DeviceCode, context, options.DeviceCodePermits, options.DeviceCodeWindow),
                _ => RateLimitPartition.GetNoLimiter(string.Empty),
            });
        });
        return builder;
    }

    // The same routing as the global limiter: the partition key is not handed to OnRejected.
    private static string PolicyOf(HttpContext context) => context.Request.Path.Value == "/account/login" ? Login : Token;

    private static RateLimitPartition<string> PerIp(string policy, HttpContext context, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
