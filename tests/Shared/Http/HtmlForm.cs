using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace OAuthSuite.Testing;

/// <summary>
/// A form as a browser would submit it: its action and every field it carries, antiforgery token included. Parsed
/// with AngleSharp, as a browser would; the bench's load generator uses it too (a few tens of microseconds per page
/// against the PBKDF2 password check of a login, several milliseconds).
/// </summary>
public sealed class HtmlForm
{
    private HtmlForm(string action, List<KeyValuePair<string, string>> fields, List<KeyValuePair<string, string>> buttons)
    {
        Action = action;
        Fields = fields;
        Buttons = buttons;
    }

    public string Action { get; }

    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>Submit buttons as (name, value); only the clicked one is sent.</summary>
    public List<KeyValuePair<string, string>> Buttons { get; }

    public static async Task<(HtmlForm Form, IHtmlDocument Document)> ParseAsync(HttpResponseMessage response, string? formSelector = null)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);
        var form = (formSelector is null ? (document.Forms.Length > 0 ? document.Forms[0] : null) : document.QuerySelector(formSelector) as IHtmlFormElement)
            ?? throw new InvalidOperationException($"No form in the page ({(int)response.StatusCode}): {html}");
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "submit")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .ToList();
        var buttons = form.Elements.OfType<IHtmlButtonElement>()
            .Where(b => !string.IsNullOrEmpty(b.Name))
            .Select(b => new KeyValuePair<string, string>(b.Name!, b.Value))
            .ToList();
        return (new HtmlForm(form.GetAttribute("action") ?? string.Empty, fields, buttons), document);
    }

    public HtmlForm Set(string name, string value)
    {
        Fields.RemoveAll(f => f.Key == name);
        Fields.Add(new(name, value));
        return this;
    }

    public HtmlForm Remove(string name)
    {
        Fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public FormUrlEncodedContent Content(string? clickedButtonValue = null)
    {
        var values = new List<KeyValuePair<string, string>>(Fields);
        if (clickedButtonValue is not null)
        {
            values.Add(Buttons.Single(b => b.Value == clickedButtonValue));
        }

        return new FormUrlEncodedContent(values);
    }
}
