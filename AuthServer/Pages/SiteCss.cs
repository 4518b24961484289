namespace AuthServer.Pages;

/// <summary>The one stylesheet, served from memory so pages need no static-file folder.</summary>
internal static class SiteCss
{
    private const string Css = """
        :root { color-scheme: light dark; --accent: #2f5bd3; --bad: #b3261e; font-family: system-ui, sans-serif; }
        body { margin: 0; line-height: 1.5; }
        header { padding: .75rem 1rem; border-bottom: 1px solid #8884; }
        .brand { font-weight: 700; }
        main { max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }
        label { display: block; margin-top: 1rem; font-weight: 600; }
        input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #888; border-radius: .4rem; }
        button { margin-top: 1.25rem; padding: .6rem 1.2rem; font-size: 1rem; border-radius: .4rem; border: 1px solid var(--accent); cursor: pointer; }
        button.primary { background: var(--accent); color: #fff; }
        button.secondary { background: transparent; color: inherit; }
        button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .error { color: var(--bad); border-left: 4px solid var(--bad); padding-left: .75rem; }
        .code { font-family: ui-monospace, monospace; font-size: .9rem; }
        ul.scopes { padding-left: 1.2rem; }
        """;

    public static IEndpointRouteBuilder MapSiteCss(this IEndpointRouteBuilder app)
    {
        app.MapGet("/css/site.css", () => Results.Text(Css, "text/css")).ExcludeFromDescription();
        return app;
    }
}
