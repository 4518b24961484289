using System.Globalization;
using System.Threading.RateLimiting;
using AuthServer.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthServer.Hardening;

/// <summary>
/// Per-client-IP throttling of the two places where passwords and secrets are guessed: the sign-in form and the
/// token endpoint (RFC 9700 §4.x brute force; SECURITY.md C3). Rejections are 429 with Retry-After.
/// </summary>
internal static class RateLimits
{
    public const string Login = "login";
    public const string Token = "token";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(static _ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<AuthServerMetrics>().RateLimitRejected(PolicyOf(context.HttpContext));
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            // A global limiter, because OpenIddict answers introspection and revocation before endpoint routing.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.Path.Value switch
            {
                "/account/login" when HttpMethods.IsPost(context.Request.Method) => PerIp(Login, context, options.LoginPermits, options.LoginWindow),
                "/connect/token" or "/connect/introspect" or "/connect/revoke" => PerIp(Token, context, options.TokenPermits, options.TokenWindow),
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
