using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace DemoClient.Recording;

/// <summary>
/// Writes down each back-channel request and response as it passes, so the page and the console show what really
/// went over the wire rather than a reconstruction. Secrets are redacted here, before anything is kept.
/// </summary>
internal sealed class ExchangeRecorder(ICollection<HttpExchange> transcript) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => Redaction.Header(h.Key, string.Join(", ", h.Value)))
            .ToList();
        var form = await ReadFormAsync(request.Content, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);

            // Buffered, so the protocol client can still read the body after us.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            transcript.Add(new HttpExchange(
                request.Method.Method, request.RequestUri!, headers, form, (int)response.StatusCode, response.ReasonPhrase,
                response.Headers.Concat(response.Content.Headers).Select(h => new Field(h.Key, string.Join(", ", h.Value))).ToList(),
                Redaction.Body(body), Failure: null, Stopwatch.GetElapsedTime(started)));
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            var failure = exception is TaskCanceledException && !cancellationToken.IsCancellationRequested ? "timed out" : exception.Message;
            transcript.Add(new HttpExchange(request.Method.Method, request.RequestUri!, headers, form, null, null, [], null, failure,
                Stopwatch.GetElapsedTime(started)));
            throw;
        }
    }

    private static async Task<IReadOnlyList<Field>> ReadFormAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content?.Headers.ContentType?.MediaType != "application/x-www-form-urlencoded")
        {
            return [];
        }

        var text = await content.ReadAsStringAsync(cancellationToken);
        return QueryHelpers.ParseQuery(text)
            .SelectMany(p => p.Value, (p, value) => Redaction.Parameter(p.Key, value ?? string.Empty))
            .ToList();
    }
}
