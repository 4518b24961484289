using DemoClient.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DemoClient.Web.Spa;

/// <summary>/spa and /spa/callback: one page, under its own Content-Security-Policy.</summary>
internal static class SpaEndpoints
{
    public static IEndpointRouteBuilder MapSpaWalkthrough(this IEndpointRouteBuilder app)
    {
        app.MapGet("/spa", Show);
        app.MapGet("/spa/callback", Show);
        return app;
    }

    private static ContentHttpResult Show(HttpContext context, DemoClientOptions options)
    {
        // Replaces the site-wide policy: this page runs its own script (by hash) and talks to the AuthServer and the
        // ResourceApi itself (connect-src), and it posts no form. Navigation to the AuthServer is not a fetch.
        var authority = options.Auth.Authority.GetLeftPart(UriPartial.Authority);
        var api = options.ResourceApi.BrowserBaseUrl.GetLeftPart(UriPartial.Authority);
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src {PageStyle.Hash}; script-src {SpaScript.Hash}; connect-src {authority} {api}; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.CacheControl = "no-store";
        return SpaPage.Render(options, options.Site.SpaRedirectUri.AbsoluteUri, Urls.Combine(options.Site.BaseUrl, "spa").AbsoluteUri);
    }
}
