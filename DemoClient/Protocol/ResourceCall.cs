using System.Net.Http.Headers;
using DemoClient.Recording;
using DemoClient.Settings;

namespace DemoClient.Protocol;

/// <summary>Step 4 (and the machine-to-machine call): a request to the ResourceApi with a bearer token.</summary>
public sealed record ApiCall(HttpExchange? Exchange, string? Failure)
{
    public bool Succeeded => Failure is null;
}

public sealed partial class OAuthFlow
{
    public const string MePath = "api/me";
    public const string DataPath = "api/data";

    /// <summary>GET {ResourceApi:BaseUrl}{path} with <c>Authorization: Bearer</c> (RFC 6750 §2.1; never in the query).</summary>
    public async Task<ApiCall> CallApiAsync(string accessToken, string path, CancellationToken cancellationToken)
    {
        var transcript = new List<HttpExchange>();
        using var http = Client(transcript);
        var url = Urls.Combine(Options.ResourceApi.BaseUrl, path);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var exchange = transcript[^1];
            return response.IsSuccessStatusCode
                ? new ApiCall(exchange, null)
                : new ApiCall(exchange, $"The ResourceApi answered {exchange.StatusLine}"
                    + (exchange.Header("WWW-Authenticate") is { } challenge ? $" (WWW-Authenticate: {challenge})" : string.Empty));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ApiCall(transcript.LastOrDefault(), $"Could not reach the ResourceApi at {url}: {transcript.LastOrDefault()?.Failure ?? exception.Message}");
        }
    }
}
