namespace Bench.Load;

/// <summary>
/// What to send. Either one fixed request (GET or form POST, with optional headers), or a refresh-token chain:
/// each response's new refresh token is the next request's, because a redeemed refresh token is refused.
/// </summary>
internal sealed record LoadSpec(string Method, Uri Url, string? FormBody = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>For refresh: one starting token per connection; the body is <see cref="FormBody"/> plus <c>&amp;refresh_token=</c>.</summary>
    public IReadOnlyList<string>? RefreshChains { get; init; }

    public static LoadSpec Get(Uri url, IReadOnlyDictionary<string, string>? headers = null) => new("GET", url, null, headers);

    public static LoadSpec PostForm(Uri url, string body) => new("POST", url, body);
}
