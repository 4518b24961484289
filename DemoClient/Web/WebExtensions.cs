using DemoClient.Protocol;
using DemoClient.Settings;
using DemoClient.Web.Spa;

namespace DemoClient.Web;

public static class WebExtensions
{
    /// <summary>The page, its session store, antiforgery, and the back-channel HTTP client the flow uses.</summary>
    public static WebApplicationBuilder AddDemoWeb(this WebApplicationBuilder builder)
    {
        // Bounded: each session costs one unit, so a flood of new visitors cannot grow memory without limit.
        builder.Services.AddMemoryCache(cache => cache.SizeLimit = 10_000);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "demo.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Redirects are never followed on the back channel: a 3xx from the token endpoint is an error to show.
        builder.Services.AddHttpClient(OAuthFlow.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddTransient(services => new OAuthFlow(
            services.GetRequiredService<DemoClientOptions>(),
            services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(OAuthFlow.HttpClientName),
            services.GetRequiredService<TimeProvider>()));

        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication UseDemoWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDemoSecurityHeaders(app.Services.GetRequiredService<DemoClientOptions>());
        return app;
    }

    public static IEndpointRouteBuilder MapDemoWeb(this IEndpointRouteBuilder app)
    {
        app.MapFlowEndpoints();
        app.MapSpaWalkthrough();
        app.MapHealthChecks("/health");
        return app;
    }
}
