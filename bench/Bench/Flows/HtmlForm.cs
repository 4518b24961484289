using System.Net;
using System.Text.RegularExpressions;

namespace Bench.Flows;

/// <summary>
/// The first form of one of the AuthServer's own pages (login, consent): its action, its fields (antiforgery token
/// included) and its named buttons. A few regular expressions are enough for markup we write ourselves, and cost the
/// load generator far less CPU than a DOM parser — CPU it would otherwise take from the server on a 2-core machine.
/// </summary>
internal sealed partial class HtmlForm
{
    private HtmlForm(string action, List<KeyValuePair<string, string>> fields, List<KeyValuePair<string, string>> buttons)
    {
        Action = action;
        Fields = fields;
        Buttons = buttons;
    }

    public string Action { get; }

    public List<KeyValuePair<string, string>> Fields { get; }

    public List<KeyValuePair<string, string>> Buttons { get; }

    public static HtmlForm? Parse(string html)
    {
        var form = FormPattern().Match(html);
        if (!form.Success)
        {
            return null;
        }

        var inner = form.Groups["body"].Value;
        var fields = InputPattern().Matches(inner)
            .Select(m => (Type: Attribute(m.Value, "type"), Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(i => i.Name is not null && i.Type is not "submit")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value ?? string.Empty))
            .ToList();
        var buttons = ButtonPattern().Matches(inner)
            .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(b => b.Name is not null)
            .Select(b => new KeyValuePair<string, string>(b.Name!, b.Value ?? string.Empty))
            .ToList();
        return new HtmlForm(Attribute(form.Groups["open"].Value, "action") ?? string.Empty, fields, buttons);
    }

    public HtmlForm Set(string name, string value)
    {
        Fields.RemoveAll(f => f.Key == name);
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>The fields as the browser sends them when the button with <paramref name="buttonValue"/> is clicked.</summary>
    public IEnumerable<KeyValuePair<string, string>> Submit(string? buttonValue = null) =>
        buttonValue is null ? Fields : Fields.Append(Buttons.First(b => b.Value == buttonValue));

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, "\\s" + name + "=\"([^\"]*)\"", RegexOptions.CultureInvariant);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("""(?<open><form\b[^>]*>)(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input\b[^>]*>""", RegexOptions.CultureInvariant)]
    private static partial Regex InputPattern();

    [GeneratedRegex("""<button\b[^>]*>""", RegexOptions.CultureInvariant)]
    private static partial Regex ButtonPattern();
}
