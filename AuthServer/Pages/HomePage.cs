namespace AuthServer.Pages;

internal static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Html.Page("AuthServer", """
            <h1>OAuthSuite AuthServer</h1>
            <p>This is an OAuth 2.0 / OpenID Connect authorization server. Applications send you here to sign in.</p>
            <p><a href="/.well-known/openid-configuration">Discovery document</a></p>
            """)).ExcludeFromDescription();
        return app;
    }
}
