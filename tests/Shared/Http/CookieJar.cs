using System.Net;

namespace OAuthSuite.Testing;

/// <summary>
/// Keeps cookies as a browser does, in front of any handler (a shared connection pool, a test server's handler).
/// <see cref="Clear"/> is a new browser profile on the same machine: cookies gone, the TCP connection kept.
/// </summary>
public sealed class CookieJar : DelegatingHandler
{
    private CookieContainer _cookies = new();

    public void Clear() => _cookies = new CookieContainer();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var cookies = _cookies;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                cookies.SetCookies(uri, value);
            }
        }

        return response;
    }
}
