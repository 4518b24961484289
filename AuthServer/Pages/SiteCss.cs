namespace AuthServer.Pages;

/// <summary>
/// The one stylesheet, served from memory so pages need no static-file folder. No web fonts or images: the CSP
/// allows nothing but this file, and the system font is already on every device.
/// </summary>
internal static class SiteCss
{
    private const string Css = """
        :root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f3f5f8;--card:#fff;--line:#d0d7de;--field:#8c959f;--accent:#2450c4;--on-accent:#fff;--bad:#b42318;--bad-bg:#fff1f0;--focus:#f59e0b}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--line:#30363d;--field:#6e7681;--accent:#6ea2ff;--on-accent:#0d1117;--bad:#ff8a80;--bad-bg:#2d1214}}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;align-items:baseline;gap:.5rem;padding:.75rem 1rem;background:var(--card);border-bottom:1px solid var(--line)}
        .brand{font-weight:700}
        .brand-sub{color:var(--muted);font-size:.9rem}
        main{max-width:27rem;margin:2.5rem auto;padding:0 1rem}
        .card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 3px #1b1f2414}
        h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
        h2{font-size:1rem;margin:1.5rem 0 .5rem}
        p{margin:.5rem 0}
        .lead{color:var(--muted);margin:0 0 1.25rem}
        label{display:block;margin:1rem 0 .3rem;font-weight:600}
        input[type=text],input[type=password]{display:block;width:100%;padding:.65rem .75rem;font:inherit;color:inherit;background:var(--card);border:1px solid var(--field);border-radius:.5rem}
        input[aria-invalid=true]{border-color:var(--bad)}
        .actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
        .actions button{flex:1 1 8rem}
        button{min-height:2.75rem;padding:.6rem 1.25rem;font:inherit;font-weight:600;border-radius:.5rem;border:1px solid var(--accent);cursor:pointer}
        button.primary{background:var(--accent);color:var(--on-accent)}
        button.secondary{background:transparent;color:var(--accent)}
        a{color:var(--accent)}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        .error{margin:0 0 1rem;padding:.65rem .85rem;color:var(--bad);background:var(--bad-bg);border-left:4px solid var(--bad);border-radius:.25rem}
        .note{color:var(--muted);font-size:.9rem}
        code,.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;overflow-wrap:anywhere}
        ul.scopes{list-style:none;margin:.75rem 0;padding:0;border:1px solid var(--line);border-radius:.5rem}
        ul.scopes li{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.25rem .75rem;padding:.6rem .85rem;border-top:1px solid var(--line)}
        ul.scopes li:first-child{border-top:0}
        ul.scopes code{color:var(--muted)}
        ul.steps{margin:.25rem 0;padding-left:1.25rem}
        .details{margin-top:1.5rem;padding:.75rem .85rem;background:var(--bg);border:1px solid var(--line);border-radius:.5rem}
        .details h2{margin:0 0 .25rem;font-size:.9rem;color:var(--muted)}
        .details p{margin:.25rem 0}
        footer{max-width:27rem;margin:0 auto 2rem;padding:0 1rem;color:var(--muted);font-size:.85rem;text-align:center}
        @media (max-width:30rem){main{margin:1rem auto}.card{padding:1.1rem}}
        """;

    public static IEndpointRouteBuilder MapSiteCss(this IEndpointRouteBuilder app)
    {
        app.MapGet("/css/site.css", () => Results.Text(Css, "text/css")).ExcludeFromDescription();
        return app;
    }
}
