namespace DemoClient.Recording;

/// <summary>One back-channel request and its response as they went over the wire, with secrets already cut down.</summary>
public sealed record HttpExchange(
    string Method,
    Uri Url,
    IReadOnlyList<Field> RequestHeaders,
    IReadOnlyList<Field> RequestForm,
    int? StatusCode,
    string? ReasonPhrase,
    IReadOnlyList<Field> ResponseHeaders,
    string? ResponseBody,
    string? Failure,
    TimeSpan Elapsed)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string StatusLine => StatusCode is { } code ? $"{code} {ReasonPhrase}" : $"no response ({Failure})";

    public string? Header(string name) => ResponseHeaders.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>
/// A name and a value to show. <paramref name="Secret"/> says why the real value would be secret in production;
/// <paramref name="Note"/> explains a value that is not secret.
/// </summary>
public sealed record Field(string Name, string Value, string? Secret = null, string? Note = null);

/// <summary>A rule the client checked: what it expected, what it got, and whether they agree.</summary>
public sealed record Check(string Rule, string Expected, string Actual, bool Passed);
