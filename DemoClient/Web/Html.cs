using System.Text;
using System.Text.Encodings.Web;
using DemoClient.Recording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DemoClient.Web;

/// <summary>
/// HTML without a view engine. Every value from outside (settings, the AuthServer's answers, the callback's query)
/// goes through <see cref="E"/>; the building blocks below show fields, checks, exchanges and tokens alike.
/// Separate from the AuthServer's Html.cs on purpose: the two share only the encoder and a page shell, while the
/// blocks (exchange tables, token views) are the demo's own; a shared file would couple two deployables' markup.
/// </summary>
internal static class Html
{
    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static ContentHttpResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) => TypedResults.Content(
        $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{PageStyle.Css}</style>
        </head>
        <body>
        <header class="site"><span class="brand">OAuthSuite · DemoClient</span></header>
        <main id="main">
        {body}
        </main>
        <footer>A teaching client: in production none of the values marked “secret” would ever reach a page.</footer>
        <script>{PageScript.Js}</script>
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        statusCode);

    public static string Secret(string? note) =>
        note is null ? string.Empty : $"""<span class="secret">secret</span><small>{E(note)}</small>""";

    public static string Fields(IEnumerable<Field> fields, string nameHeading = "Name", string? id = null, DateTimeOffset? now = null)
    {
        var rows = string.Concat(fields.Select(f =>
            $"""<tr><th scope="row"><code>{E(f.Name)}</code></th><td><code>{E(f.Value)}</code>{Countdown(f, now)}{Secret(f.Secret)}{(f.Note is null ? string.Empty : $"<small>{E(f.Note)}</small>")}</td></tr>"""));
        var idAttribute = id is null ? string.Empty : $""" id="{E(id)}" """;
        return $"""<div class="table"><table{idAttribute}><thead><tr><th scope="col">{E(nameHeading)}</th><th scope="col">Value</th></tr></thead><tbody>{rows}</tbody></table></div>""";
    }

    public static string Checks(IEnumerable<Check> checks, string id)
    {
        var rows = string.Concat(checks.Select(c => $"""
            <tr data-passed="{(c.Passed ? "true" : "false")}"><td class="{(c.Passed ? "pass" : "fail")}">{(c.Passed ? "✓ pass" : "✗ fail")}</td><td>{E(c.Rule)}</td><td><code>{E(c.Expected)}</code></td><td><code>{E(c.Actual)}</code></td></tr>
            """));
        return $"""<div class="table"><table id="{E(id)}"><thead><tr><th scope="col">Result</th><th scope="col">Rule</th><th scope="col">Expected</th><th scope="col">Received</th></tr></thead><tbody>{rows}</tbody></table></div>""";
    }

    /// <summary>A request and its response: request line, headers, form body, status, response headers and body.</summary>
    /// <remarks><paramref name="expanded"/> opens the request headers and the response body, for the one exchange a card is about.</remarks>
    public static string Exchange(HttpExchange exchange, string? statusId = null, bool expanded = false)
    {
        var form = exchange.RequestForm.Count == 0 ? string.Empty : $"<h4>Form body</h4>{Fields(exchange.RequestForm, "Parameter")}";
        var status = exchange.StatusCode is null
            ? $"""<p class="status fail"{Id(statusId)}>No response: {E(exchange.Failure)}</p>"""
            : $"""<p class="status {(exchange.IsSuccess ? "pass" : "fail")}"{Id(statusId)}>← {E(exchange.StatusLine)} <span class="note">({exchange.Elapsed.TotalMilliseconds:0} ms)</span></p>""";
        var body = string.IsNullOrEmpty(exchange.ResponseBody) ? string.Empty
            : exchange.ResponseBody.Length > 600
                ? $"<details{(expanded ? " open" : string.Empty)}><summary>Response body ({exchange.ResponseBody.Length} characters)</summary><pre>{E(exchange.ResponseBody)}</pre></details>"
                : $"<h4>Response body</h4><pre>{E(exchange.ResponseBody)}</pre>";
        var responseHeaders = exchange.ResponseHeaders.Count == 0 ? string.Empty
            : $"<details><summary>Response headers</summary>{Fields(exchange.ResponseHeaders, "Header")}</details>";
        var purpose = Purpose(exchange) is { } text ? $"""<p class="purpose">{E(text)}</p>""" : string.Empty;
        return $"""
            <div class="exchange{(exchange.IsSuccess ? string.Empty : " failed")}">
            {purpose}
            <p class="request-line">→ <span class="method">{E(exchange.Method)}</span> <code>{E(exchange.Url.AbsoluteUri)}</code></p>
            <details{(expanded ? " open" : string.Empty)}><summary>Request headers</summary>{Fields(exchange.RequestHeaders, "Header")}</details>
            {form}
            {status}
            {responseHeaders}
            {body}
            </div>
            """;
    }

    /// <summary>What a back-channel request is for, told from its endpoint, so a list of exchanges reads as a story.</summary>
    private static string? Purpose(HttpExchange exchange)
    {
        var path = exchange.Url.AbsolutePath;
        var grant = exchange.RequestForm.FirstOrDefault(f => f.Name == "grant_type")?.Value;
        return path switch
        {
            _ when path.EndsWith("/openid-configuration", StringComparison.Ordinal) => "Discovery document (OIDC Discovery §4)",
            _ when path.Contains("jwks", StringComparison.OrdinalIgnoreCase) => "The AuthServer's public signing keys (JWKS)",
            _ when grant is not null => $"Token request: grant_type={grant} (RFC 6749 §{GrantSection(grant)})",
            _ when path.EndsWith("/revoke", StringComparison.Ordinal) => "Revocation request (RFC 7009)",
            _ when path.EndsWith("/introspect", StringComparison.Ordinal) => "Introspection: asking the AuthServer about a token (RFC 7662)",
            _ when exchange.RequestHeaders.Any(h => h.Name == "Authorization" && h.Value.StartsWith("Bearer", StringComparison.Ordinal)) => "API call with the access token",
            _ => null,
        };
    }

    private static string GrantSection(string grant) => grant switch
    {
        "authorization_code" => "4.1.3",
        "refresh_token" => "6",
        "client_credentials" => "4.4.2",
        _ => "4",
    };

    public static string Exchanges(IEnumerable<HttpExchange> exchanges) => string.Concat(exchanges.Select(e => Exchange(e)));

    /// <summary>A JWT's header and claims (decoded, which is not the same as validated), each with what it means.</summary>
    public static string Token(JwtView token, DateTimeOffset now, string? id = null, string? secretNote = null)
    {
        var note = token.Note is null ? string.Empty : $"""<p class="note">{E(token.Note)}</p>""";
        var header = token.Header.Count == 0 ? string.Empty
            : $"<h4>Header</h4>{Fields(token.Header.Select(f => f with { Note = ClaimGlossary.ForHeader(f.Name) }), "Member")}";
        var claims = token.Claims.Count == 0 ? string.Empty
            : $"<h4>Claims</h4>{Fields(token.Claims.Select(f => f with { Note = ClaimGlossary.ForClaim(f.Name) }), "Claim", id, now)}";
        return $"""
            <div class="token">
            <h3>{E(token.Kind)}</h3>
            <p><code>{E(token.Preview)}</code>{Secret(secretNote)}</p>
            {note}{header}{claims}
            </div>
            """;
    }

    /// <summary>
    /// "expires in 4 min 59 s" for an <c>exp</c> value: rendered here, then kept ticking by <see cref="PageScript"/>.
    /// </summary>
    private static string Countdown(Field field, DateTimeOffset? now)
    {
        if (now is not { } at || field.Name != "exp" || !long.TryParse(field.Value.Split(' ')[0], out var exp))
        {
            return string.Empty;
        }

        var left = (long)Math.Round(exp - at.ToUnixTimeMilliseconds() / 1000.0);
        var seconds = Math.Abs(left);
        var span = seconds >= 60 ? $"{seconds / 60} min {seconds % 60} s" : $"{seconds} s";
        return $"""<span class="countdown{(left <= 0 ? " expired" : string.Empty)}" data-exp="{exp}">{(left > 0 ? $"expires in {span}" : $"expired {span} ago")}</span>""";
    }

    public static string Alert(string text, string? id = null) => $"""<div class="alert" role="alert"{Id(id)}>{text}</div>""";

    public static string Success(string text, string? id = null) => $"""<div class="success" role="status"{Id(id)}>{text}</div>""";

    private static string Id(string? id) => id is null ? string.Empty : $""" id="{E(id)}" """.TrimEnd();
}
