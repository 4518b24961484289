using DemoClient.Settings;

namespace DemoClient.Web;

/// <summary>
/// Headers for every response: nothing but the inline stylesheet and countdown script may load (each allowed by its
/// hash), no framing, no MIME sniffing, and no Referer, since the callback URL carries a code and state. Forms may
/// post here and lead on to the AuthServer.
/// Each service keeps its own headers rather than sharing one helper: the policies differ (hash-allowed inline style
/// and script plus a form-action to the AuthServer here; one stylesheet in the AuthServer; no HTML, but no-store on
/// /api, in the ResourceApi), and a shared helper would need parameters for every difference.
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseDemoSecurityHeaders(this IApplicationBuilder app, DemoClientOptions options)
    {
        var authority = options.Auth.Authority.GetLeftPart(UriPartial.Authority);
        var policy = $"default-src 'none'; style-src {PageStyle.Hash}; script-src {PageScript.Hash}; form-action 'self' {authority}; frame-ancestors 'none'; base-uri 'none'";
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }
}
