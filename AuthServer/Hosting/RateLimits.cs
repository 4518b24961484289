using System.Globalization;
using System.Threading.RateLimiting;
using AuthServer.Device;
using Microsoft.AspNetCore.RateLimiting;

namespace AuthServer.Hosting;

/// <summary>
/// Per-client-IP throttling of the places where passwords, secrets and codes are guessed: the sign-in form, the
/// token endpoint and the device page's code entry (RFC 9700 §4.x brute force; SECURITY.md C3). Rejections are 429 with Retry-After.
/// </summary>
internal static class RateLimits
{
    public const string Login = "login";
    public const string Token = "token";
    public const string DeviceCode = "device-code";

    public sealed class Options
    {
        public const string Section = "AuthServer:RateLimits";

        /// <summary>Sign-in attempts per IP per window. Lockout protects each account; this protects the form.</summary>
        public int LoginPermits { get; set; } = 10;

        public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Token, introspection and revocation requests per IP per window; generous for real services.</summary>
        public int TokenPermits { get; set; } = 1200;

        public TimeSpan TokenWindow { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>User codes tried on the device page per IP per window (RFC 8628 §5.1); a person needs a few.</summary>
        public int DeviceCodePermits { get; set; } = 10;

        public TimeSpan DeviceCodeWindow { get; set; } = TimeSpan.FromMinutes(1);
    }

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Options.Section).Get<Options>() ?? new Options();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static async (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                // A person is typing on the device page: a page that says why, rather than an empty 429.
                if (context.HttpContext.Request.Path == DevicePage.Path)
                {
                    await DevicePage.TooManyCodes().ExecuteAsync(context.HttpContext);
                }
            };
            // A global limiter, because OpenIddict answers introspection and revocation before endpoint routing.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.Path.Value switch
            {
                "/account/login" when HttpMethods.IsPost(context.Request.Method) => PerIp(Login, context, options.LoginPermits, options.LoginWindow),
                "/connect/token" or "/connect/introspect" or "/connect/revoke" or "/connect/device" => PerIp(Token, context, options.TokenPermits, options.TokenWindow),
                // Every request to the device page that carries a code is a guess, whether typed (POST) or in a link (GET).
                "/device" when HttpMethods.IsPost(context.Request.Method) || context.Request.Query.ContainsKey("user_code")
                    => PerIp(DeviceCode, context, options.DeviceCodePermits, options.DeviceCodeWindow),
                _ => RateLimitPartition.GetNoLimiter(string.Empty),
            });
        });
        return builder;
    }

    private static RateLimitPartition<string> PerIp(string policy, HttpContext context, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
