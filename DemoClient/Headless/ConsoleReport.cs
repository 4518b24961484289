using DemoClient.Recording;

namespace DemoClient.Headless;

/// <summary>The walk's console output: numbered steps, requests and responses summarised, secrets already redacted.</summary>
internal sealed class ConsoleReport(TextWriter output)
{
    private const int MaxBodyLines = 30;

    public void Title(string text)
    {
        output.WriteLine(text);
        output.WriteLine(new string('=', text.Length));
    }

    public void Step(int number, string title)
    {
        var heading = $"Step {number} of 4 · {title}";
        output.WriteLine();
        output.WriteLine(heading);
        output.WriteLine(new string('-', heading.Length));
    }

    public void Line(string label, string value, string? secret = null) =>
        output.WriteLine($"  {label,-24} {value}{(secret is null ? string.Empty : "   [secret in production]")}");

    public void Note(string text) => output.WriteLine($"  {text}");

    public void Fields(IEnumerable<Field> fields)
    {
        foreach (var field in fields)
        {
            Line(field.Name, field.Value, field.Secret);
        }
    }

    /// <summary>Request line, the headers and form fields that matter, status, and the (redacted) body.</summary>
    public void Exchange(HttpExchange exchange, bool showBody = true)
    {
        output.WriteLine($"  → {exchange.Method} {exchange.Url}");
        foreach (var header in exchange.RequestHeaders.Where(h => h.Name is "Authorization"))
        {
            output.WriteLine($"      {header.Name}: {header.Value}");
        }

        foreach (var field in exchange.RequestForm)
        {
            output.WriteLine($"      {field.Name}={field.Value}");
        }

        output.WriteLine($"  ← {exchange.StatusLine} ({exchange.Elapsed.TotalMilliseconds:0} ms){ContentType(exchange)}");
        if (!showBody || string.IsNullOrEmpty(exchange.ResponseBody))
        {
            return;
        }

        var lines = exchange.ResponseBody.Split('\n');
        foreach (var line in lines.Take(MaxBodyLines))
        {
            output.WriteLine($"      {line.TrimEnd('\r')}");
        }

        if (lines.Length > MaxBodyLines)
        {
            output.WriteLine($"      … ({lines.Length - MaxBodyLines} more lines)");
        }
    }

    public void Checks(IEnumerable<Check> checks)
    {
        foreach (var check in checks)
        {
            output.WriteLine(check.Passed
                ? $"  ✓ {check.Rule}: {check.Actual}"
                : $"  ✗ {check.Rule}: expected {check.Expected}, got {check.Actual}");
        }
    }

    public void Token(JwtView token)
    {
        output.WriteLine($"  {token.Kind} {token.Preview}");
        if (token.Note is not null)
        {
            output.WriteLine($"      {token.Note}");
        }

        if (token.Header.Count > 0)
        {
            output.WriteLine($"      header: {string.Join(", ", token.Header.Select(h => $"{h.Name}={h.Value}"))}");
        }

        foreach (var claim in token.Claims)
        {
            output.WriteLine($"      {claim.Name,-20} {claim.Value}");
        }
    }

    public void Passed(string text) => output.WriteLine($"  ✓ {text}");

    public void Failed(int step, string message)
    {
        output.WriteLine();
        output.WriteLine($"✗ Step {step} failed: {message}");
    }

    public void InvalidSettings(IEnumerable<string> errors)
    {
        output.WriteLine("✗ The settings are invalid; nothing was sent:");
        foreach (var error in errors)
        {
            output.WriteLine($"  - {error}");
        }
    }

    public void Done(string text)
    {
        output.WriteLine();
        output.WriteLine($"✓ {text}");
    }

    private static string ContentType(HttpExchange exchange) =>
        exchange.Header("Content-Type") is { } type ? $", {type}" : string.Empty;
}
