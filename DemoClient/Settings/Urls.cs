namespace DemoClient.Settings;

internal static class Urls
{
    public static bool IsHttp(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// <paramref name="relative"/> under <paramref name="baseUrl"/>, keeping any path the base has:
    /// <c>http://host/app</c> + <c>callback</c> is <c>http://host/app/callback</c>, not <c>http://host/callback</c>.
    /// </summary>
    public static Uri Combine(Uri baseUrl, string relative)
    {
        var text = baseUrl.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), relative);
    }
}
