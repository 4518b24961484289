using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Bench.Load;

/// <summary>
/// A closed-loop load generator in .NET: N workers, each sending its next request when the previous one is answered.
/// It drives the multi-step flows (cookies, forms, redirects) that wrk's Lua cannot walk sensibly, and stands in for
/// wrk when wrk is not installed (then single-request figures are lower: HttpClient costs more CPU than wrk).
/// </summary>
internal sealed class DotnetLoad : ILoadGenerator
{
    public string Name => "HttpClient (in-process)";

    public async Task<LoadResult> RunAsync(LoadSpec spec, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = connections };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var chains = spec.RefreshChains?.ToArray();
        return await RunWorkersAsync(connections, duration, async worker =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(spec.Method), spec.Url);
            foreach (var (name, value) in spec.Headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var body = spec.FormBody;
            if (chains is not null)
            {
                body += "&refresh_token=" + chains[worker % chains.Length];
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (chains is not null && response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(text);
                chains[worker % chains.Length] = json.RootElement.GetProperty("refresh_token").GetString()!;
            }

            return response.IsSuccessStatusCode || (int)response.StatusCode is >= 300 and < 400;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="iteration"/> on <paramref name="workers"/> concurrent loops until the time is up.</summary>
    public static async Task<LoadResult> RunWorkersAsync(int workers, TimeSpan duration, Func<int, Task<bool>> iteration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[workers];
        var errors = new long[workers];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(1024);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await iteration(worker);
                }
                catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException or FormatException or KeyNotFoundException)
                {
                    ok = false;
                    await Task.Delay(10, cancellationToken);
                }

                if (ok)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    errors[worker]++;
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        return LoadResult.FromLatencies(latencies.SelectMany(l => l).ToList(), seconds, errors.Sum());
    }
}
