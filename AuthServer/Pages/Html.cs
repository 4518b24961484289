using System.Text;
using System.Text.Encodings.Web;

namespace AuthServer.Pages;

/// <summary>
/// Server-rendered pages without a view engine: every dynamic value goes through <see cref="E"/>, and the layout
/// loads one stylesheet from this server (the Content-Security-Policy forbids anything else). Landmarks (banner,
/// main, contentinfo) and one <c>h1</c> per page, which each page's body supplies.
/// Separate from the DemoClient's Html.cs on purpose: they share only the encoder and a page shell, and two
/// deployables should not share markup code.
/// </summary>
internal static class Html
{
    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · OAuthSuite</title>
        <link rel="stylesheet" href="/css/site.css">
        </head>
        <body>
        <header><span class="brand">OAuthSuite</span><span class="brand-sub">sign-in server</span></header>
        <main id="main">
        <div class="card">
        {body}
        </div>
        </main>
        <footer>Applications that send you here never see your password.</footer>
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        statusCode);

    public static string Hidden(string name, string? value) => $"""<input type="hidden" name="{E(name)}" value="{E(value)}">""";
}
