using System.Net;
using System.Text;

namespace Bench.Flows;

/// <summary>
/// A browser as far as the AuthServer can tell: it keeps cookies (session, antiforgery), follows no redirect by
/// itself, and posts forms. The cookie jar is a plain dictionary so a "fresh login" can drop it and keep the TCP
/// connection, as a new browser profile on the same machine would.
/// </summary>
internal sealed class BrowserSession(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public HttpClient Http => http;

    public void ForgetCookies() => _cookies.Clear();

    public Task<HttpResponseMessage> GetAsync(string relativeOrAbsolute, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, relativeOrAbsolute), cancellationToken);

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) }, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var header in setCookies)
                {
                    Remember(header);
                }
            }

            return response;
        }
    }

    private void Remember(string setCookie)
    {
        var pair = setCookie.Split(';', 2)[0];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return;
        }

        var name = pair[..equals].Trim();
        var value = pair[(equals + 1)..].Trim();
        var expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
        if (value.Length == 0 || expired)
        {
            _cookies.Remove(name);
        }
        else
        {
            _cookies[name] = value;
        }
    }

    public static HttpClient CreateClient(Uri baseAddress, int connections = 1) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "Accept", "text/html,application/json" } },
    };

    internal static string Describe(HttpResponseMessage response, string body) =>
        new StringBuilder().Append((int)response.StatusCode).Append(' ').Append(response.Headers.Location?.ToString() ?? string.Empty)
            .Append(' ').Append(body.Length > 300 ? body[..300] : body).ToString();
}
