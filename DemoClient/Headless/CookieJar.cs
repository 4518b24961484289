using System.Net;

namespace DemoClient.Headless;

/// <summary>
/// Keeps cookies like a browser, so the AuthServer's session and antiforgery cookies survive between its pages.
/// A handler rather than <c>HttpClientHandler.CookieContainer</c>, so it works over any handler a test passes in.
/// </summary>
internal sealed class CookieJar : DelegatingHandler
{
    private readonly CookieContainer _cookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = _cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                try
                {
                    _cookies.SetCookies(uri, value);
                }
                catch (CookieException)
                {
                    // A cookie a browser would also drop (bad domain or path): the page then fails visibly later.
                }
            }
        }

        return response;
    }
}
