using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace DemoClient.Headless;

/// <summary>The outcome of the front channel: the URL the AuthServer redirected to, or why it never did.</summary>
internal sealed record BrowserResult(Uri? Callback, string? Failure);

/// <summary>
/// Stands in for the user's browser in the walk: follows the AuthServer's redirects, fills in its real sign-in form
/// and presses Allow on its real consent page, both with their antiforgery fields, and stops at the redirect URI.
/// Not the tests' OAuthClient (tests/Shared): this one ships in the product (the <c>walk</c> command), traces every hop
/// for the reader, and a deployable must not depend on test code.
/// </summary>
internal sealed class HeadlessBrowser(HttpMessageHandler handler, TimeSpan timeout) : IDisposable
{
    private const int MaxHops = 12;

    private readonly HttpClient _http = new(new CookieJar { InnerHandler = handler }, disposeHandler: false) { Timeout = timeout };

    public async Task<BrowserResult> AuthorizeAsync(
        Uri authorizeUrl, Uri redirectUri, string username, string password, Action<string> trace, CancellationToken cancellationToken)
    {
        var next = new HttpRequestMessage(HttpMethod.Get, authorizeUrl);
        var current = authorizeUrl;
        var signedIn = false;
        try
        {
            for (var hop = 0; hop < MaxHops; hop++)
            {
                using var request = next;
                current = request.RequestUri!;
                var sent = $"{request.Method} {Describe(current)}";
                using var response = await _http.SendAsync(request, cancellationToken);
                var status = (int)response.StatusCode;

                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var target = new Uri(current, location);
                    if (IsRedirectUri(target, redirectUri))
                    {
                        trace($"{sent} → {status}, back to the redirect URI");
                        return new BrowserResult(target, null);
                    }

                    trace($"{sent} → {status} to {Describe(target)}");
                    next = new HttpRequestMessage(HttpMethod.Get, target);
                    continue;
                }

                var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(cancellationToken));
                var form = page.Forms.Length > 0 ? page.Forms[0] : null;
                if (form?.Elements.OfType<IHtmlInputElement>().Any(i => i.Name == "password") == true)
                {
                    if (signedIn || page.QuerySelector(".error") is not null)
                    {
                        return new BrowserResult(null, $"The AuthServer refused the sign-in as {username}: {Text(page.QuerySelector(".error")) ?? $"HTTP {status}"}");
                    }

                    trace($"{sent} → {status}, the sign-in form; submitting username={username} password=••••••");
                    next = Submit(form, current, new() { ["username"] = username, ["password"] = password }, button: null);
                    signedIn = true;
                    continue;
                }

                if (form?.Elements.OfType<IHtmlButtonElement>().FirstOrDefault(b => b.Name == "consent_decision" && b.Value == "allow") is { } allow)
                {
                    var scopes = string.Join(", ", page.QuerySelectorAll(".scopes li").Select(Text));
                    trace($"{sent} → {status}, the consent page ({scopes}); pressing Allow");
                    next = Submit(form, current, [], allow);
                    continue;
                }

                // Anything else is the AuthServer's error page (e.g. an unregistered redirect URI) or something unexpected.
                var heading = Text(page.QuerySelector("h1"));
                var detail = Text(page.QuerySelector(".code"));
                return new BrowserResult(null, $"The AuthServer showed a page instead of redirecting back ({sent} → {status}): {heading ?? "no heading"}{(detail is null ? string.Empty : $" — {detail}")}");
            }

            return new BrowserResult(null, $"No redirect back to {redirectUri} after {MaxHops} hops.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new BrowserResult(null, $"Could not reach the AuthServer at {current.GetLeftPart(UriPartial.Authority)}: {exception.Message}");
        }
    }

    /// <summary>Follows a redirect off the AuthServer (to a native app's loopback listener); null when it answered 2xx.</summary>
    public async Task<string?> VisitAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>What a browser sends for a form: every named input as it stands, the changes, and the clicked button.</summary>
    private static HttpRequestMessage Submit(IHtmlFormElement form, Uri page, Dictionary<string, string> changes, IHtmlButtonElement? button)
    {
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not ("submit" or "button"))
            .Select(i => new KeyValuePair<string, string>(i.Name!, changes.GetValueOrDefault(i.Name!, i.Value)))
            .ToList();
        if (button is not null)
        {
            fields.Add(new(button.Name!, button.Value));
        }

        var action = form.GetAttribute("action");
        return new HttpRequestMessage(HttpMethod.Post, string.IsNullOrEmpty(action) ? page : new Uri(page, action))
        {
            Content = new FormUrlEncodedContent(fields),
        };
    }

    private static bool IsRedirectUri(Uri location, Uri redirectUri) => string.Equals(
        location.GetLeftPart(UriPartial.Path), redirectUri.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);

    // Paths only: the query of an authorization request is printed once, in step 2, as a table.
    private static string Describe(Uri uri) => uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? "?…" : string.Empty);

    private static string? Text(AngleSharp.Dom.IElement? element) =>
        element is null ? null : string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
