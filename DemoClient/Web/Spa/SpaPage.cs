using System.Text;
using DemoClient.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using static DemoClient.Web.Html;

namespace DemoClient.Web.Spa;

/// <summary>
/// The public-client walkthrough: the server sends only this frame and the settings (as data attributes); every
/// step, from PKCE to the refresh, runs in the browser in <see cref="SpaScript"/>. The same page answers
/// /spa and /spa/callback; the script tells them apart.
/// </summary>
internal static class SpaPage
{
    private static readonly string[] Titles = ["Discovery", "Authorization request", "Callback and tokens", "API call", "Refresh with rotation"];

    private static readonly string[] Leads =
    [
        "The page reads the AuthServer's discovery document itself, cross-origin: the AuthServer answers CORS because this origin is in the client's <code>allowedOrigins</code>.",
        "The page makes a PKCE verifier, state and nonce with WebCrypto, then sends the browser to the AuthServer. There is no client secret anywhere.",
        "Back at <code>/spa/callback</code>, the page checks state and <code>iss</code>, then redeems the code at the token endpoint with its verifier, from the browser, cross-origin. It checks the ID token's signature against the JWKS.",
        "The page calls the ResourceApi (and the AuthServer's userinfo endpoint) with the access token from its memory.",
        "The page trades its refresh token for new tokens. For a public client the refresh token rotates: each one works once.",
    ];

    public static ContentHttpResult Render(DemoClientOptions options, string redirectUri, string home)
    {
        var body = $"""
            <main id="main" data-authority="{E(options.Auth.Authority.AbsoluteUri)}" data-client-id="{E(options.Auth.SpaClientId)}" data-scope="{E(options.Auth.SpaScope)}" data-redirect-uri="{E(redirectUri)}" data-api="{E(options.ResourceApi.BrowserBaseUrl.AbsoluteUri)}" data-home="{E(home)}">
            <h1>A browser app (public client), step by step</h1>
            <p class="lead">This page is a single-page app: plain JavaScript served by the DemoClient, signing in as the public client
            <code>{E(options.Auth.SpaClientId)}</code>. The DemoClient's server takes no part in the flow; every request below goes
            straight from your browser to the AuthServer or the ResourceApi. Values marked <span class="secret">secret</span> are cut short.</p>
            <section class="card" id="without-a-secret" aria-labelledby="without-a-secret-title">
            <h2 id="without-a-secret-title">What changes without a secret</h2>
            <ul>
            <li><strong>PKCE is the only proof.</strong> A page cannot keep a client secret: anyone can read its source. What ties the code to this page is the PKCE verifier that never left it (RFC 7636).</li>
            <li><strong>Refresh tokens rotate.</strong> Each refresh token works once; presenting a used one again revokes the whole family, so a stolen copy is detected (RFC 9700 §4.14.2).</li>
            <li><strong>Tokens are exposed to the page's JavaScript.</strong> They are kept in memory only (not localStorage, not sessionStorage, not cookies) and the Content-Security-Policy lets no other script run here, but a script injected into this page could still read them.</li>
            </ul>
            <p>For an app handling anything sensitive, prefer the <strong>backend-for-frontend</strong> pattern: a server keeps the tokens and a secret,
            and the browser holds only a session cookie. That is the <a href="{E(Urls.Combine(options.Site.BaseUrl, string.Empty).AbsoluteUri)}">confidential walkthrough</a> on this site.</p>
            </section>
            <nav class="progress" aria-label="Progress"><ol class="five">{string.Concat(Titles.Select((title, i) => $"""
                <li class="waiting" id="progress-{i + 1}"><a href="#step-{i + 1}"><span class="num" aria-hidden="true">{i + 1}</span><span class="title">{E(title)}</span><span class="state">waiting</span></a></li>
                """))}</ol></nav>
            {string.Concat(Titles.Select((title, i) => $"""
                <section class="card step waiting" id="step-{i + 1}" aria-labelledby="step-{i + 1}-title">
                <h2 id="step-{i + 1}-title"><span class="num" aria-hidden="true">{i + 1}</span><span class="title">Step {i + 1}: {E(title)}</span><span class="state">waiting</span></h2>
                <p class="lead">{Leads[i]}</p>
                <div id="step-{i + 1}-result" aria-live="polite"></div>
                </section>
                """))}
            <section class="card" id="storage" aria-labelledby="storage-title">
            <h2 id="storage-title">Where this page keeps things</h2>
            <p class="lead">The PKCE verifier, state and nonce wait in sessionStorage only while the browser is away at the AuthServer
            (the redirect reloads the page); the callback reads and deletes them. Tokens never leave this page's memory: reload it and they are gone.</p>
            <div id="storage-result"></div>
            </section>
            </main>
            """;

        return TypedResults.Content(
            $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>OAuthSuite DemoClient: a browser app (public client)</title>
            <style>{PageStyle.Css}</style>
            </head>
            <body>
            <header class="site"><span class="brand">OAuthSuite · DemoClient · browser app</span></header>
            {body}
            <footer>A teaching client: in production none of the values marked “secret” would ever be shown.</footer>
            <script>{SpaScript.Js}</script>
            </body>
            </html>
            """,
            "text/html; charset=utf-8",
            Encoding.UTF8);
    }
}
