namespace AuthServer.Hardening;

/// <summary>
/// Headers for every response: no framing (clickjacking, RFC 9700 §4.16), no MIME sniffing, no referrer (codes and
/// state must not leak through Referer), and a CSP that allows only this server's own stylesheet.
/// </summary>
internal static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The same policy plus one inline script, allowed by its hash (CSP Level 2 hash-source) and nothing else.</summary>
    public static string ContentSecurityPolicyAllowingScript(string sha256Base64) =>
        $"{ContentSecurityPolicy}; script-src 'sha256-{sha256Base64}'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
