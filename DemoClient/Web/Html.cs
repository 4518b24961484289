using System.Text;
using System.Text.Encodings.Web;
using DemoClient.Recording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DemoClient.Web;

/// <summary>
/// HTML without a view engine. Every value from outside (settings, the AuthServer's answers, the callback's query)
/// goes through <see cref="E"/>; the building blocks below show fields, checks, exchanges and tokens alike.
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
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        statusCode);

    public static string Secret(string? note) =>
        note is null ? string.Empty : $"""<span class="secret">secret</span><small>{E(note)}</small>""";

    public static string Fields(IEnumerable<Field> fields, string nameHeading = "Name", string? id = null)
    {
        var rows = string.Concat(fields.Select(f =>
            $"""<tr><th scope="row"><code>{E(f.Name)}</code></th><td><code>{E(f.Value)}</code>{Secret(f.Secret)}{(f.Note is null ? string.Empty : $"<small>{E(f.Note)}</small>")}</td></tr>"""));
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
    public static string Exchange(HttpExchange exchange, string? statusId = null)
    {
        var form = exchange.RequestForm.Count == 0 ? string.Empty : $"<h4>Form body</h4>{Fields(exchange.RequestForm, "Parameter")}";
        var status = exchange.StatusCode is null
            ? $"""<p class="fail"{Id(statusId)}>No response: {E(exchange.Failure)}</p>"""
            : $"""<p class="{(exchange.IsSuccess ? "pass" : "fail")}"{Id(statusId)}>← {E(exchange.StatusLine)} <span class="note">({exchange.Elapsed.TotalMilliseconds:0} ms)</span></p>""";
        var body = string.IsNullOrEmpty(exchange.ResponseBody) ? string.Empty
            : exchange.ResponseBody.Length > 600
                ? $"<details><summary>Response body ({exchange.ResponseBody.Length} characters)</summary><pre>{E(exchange.ResponseBody)}</pre></details>"
                : $"<h4>Response body</h4><pre>{E(exchange.ResponseBody)}</pre>";
        var responseHeaders = exchange.ResponseHeaders.Count == 0 ? string.Empty
            : $"<details><summary>Response headers</summary>{Fields(exchange.ResponseHeaders, "Header")}</details>";
        return $"""
            <div class="exchange">
            <p class="request-line">→ <span class="method">{E(exchange.Method)}</span> <code>{E(exchange.Url.AbsoluteUri)}</code></p>
            <details><summary>Request headers</summary>{Fields(exchange.RequestHeaders, "Header")}</details>
            {form}
            {status}
            {responseHeaders}
            {body}
            </div>
            """;
    }

    public static string Exchanges(IEnumerable<HttpExchange> exchanges) => string.Concat(exchanges.Select(e => Exchange(e)));

    /// <summary>A JWT's header and claims (decoded, which is not the same as validated).</summary>
    public static string Token(JwtView token, string? id = null, string? secretNote = null)
    {
        var note = token.Note is null ? string.Empty : $"""<p class="note">{E(token.Note)}</p>""";
        var header = token.Header.Count == 0 ? string.Empty : $"<h4>Header</h4>{Fields(token.Header, "Member")}";
        var claims = token.Claims.Count == 0 ? string.Empty : $"<h4>Claims</h4>{Fields(token.Claims, "Claim", id)}";
        return $"""
            <h3>{E(token.Kind)}</h3>
            <p><code>{E(token.Preview)}</code>{Secret(secretNote)}</p>
            {note}{header}{claims}
            """;
    }

    public static string Alert(string text, string? id = null) => $"""<div class="alert" role="alert"{Id(id)}>{text}</div>""";

    public static string Success(string text, string? id = null) => $"""<div class="success" role="status"{Id(id)}>{text}</div>""";

    private static string Id(string? id) => id is null ? string.Empty : $""" id="{E(id)}" """.TrimEnd();
}
