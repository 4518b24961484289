namespace ResourceApi.Hosting;

/// <summary>
/// <c>nosniff</c> everywhere, and <c>Cache-Control: no-store</c> on /api: responses are per-token and must not be
/// kept by shared caches (RFC 9111 §5.2.2.5). Set as the response starts, so error responses get them too.
/// Its own, not the AuthServer's or DemoClient's headers: an API serves no HTML, so CSP and frame rules do not apply.
/// </summary>
internal static class ApiSecurityHeaders
{
    public static IApplicationBuilder UseApiSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
