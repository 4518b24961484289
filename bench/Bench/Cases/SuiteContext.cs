using System.Net.Http.Json;
using System.Text.Json;
using Bench.Hosting;
using Bench.Load;
using Bench.Report;

namespace Bench.Cases;

/// <summary>What every case needs: settings, the runner, the report, folders, the seeded clients.</summary>
internal sealed class SuiteContext(BenchOptions options, CaseRunner runner, BenchReport report, TextWriter console, string workFolder)
{
    // The seed's service client, whose credentials every token case sends.
    private readonly SeedClient _service = Seed.Service;

    public BenchOptions Options => options;

    public CaseRunner Runner => runner;

    public BenchReport Report => report;

    public TextWriter Console => console;

    /// <summary>Temp data folders, service logs, generated scripts; deleted at the end unless the run failed.</summary>
    public string WorkFolder => workFolder;

    public string LogFolder => Path.Combine(workFolder, "logs");

    public string NewDataFolder(string name) => Directory.CreateDirectory(Path.Combine(workFolder, "data", name)).FullName;

    public Task SectionAsync(string title) => console.WriteLineAsync($"{Environment.NewLine}== {title}");

    /// <summary>The client-credentials request the token cases send (client_secret_post).</summary>
    public LoadSpec ClientCredentials(ServiceProcess server, string? clientId = null) => LoadSpec.PostForm(
        new Uri(server.BaseAddress, "connect/token"),
        $"grant_type=client_credentials&client_id={Uri.EscapeDataString(clientId ?? _service.Id)}&client_secret={Uri.EscapeDataString(_service.Secret)}&scope={Uri.EscapeDataString(_service.Scopes[0])}");

    /// <summary>One access token for the service client, fetched once (also proves the endpoint answers 200).</summary>
    public async Task<string> ServiceTokenAsync(ServiceProcess server, CancellationToken cancellationToken, string? clientId = null)
    {
        using var http = new HttpClient();
        var spec = ClientCredentials(server, clientId);
        using var content = new StringContent(spec.FormBody!, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(spec.Url, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"client credentials failed: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Introspects once, so a case fails loudly when the answer is not <c>active: true</c>.</summary>
    public async Task AssertActiveAsync(ServiceProcess server, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = _service.Id,
            ["client_secret"] = _service.Secret,
        });
        using var response = await http.PostAsync(new Uri(server.BaseAddress, "connect/introspect"), content, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!answer.TryGetProperty("active", out var active) || !active.GetBoolean())
        {
            throw new InvalidOperationException($"introspection did not say active: {answer}");
        }
    }

    public void Fail(string what, Exception exception)
    {
        report.Failures.Add($"{what}: {exception.GetType().Name}: {exception.Message}");
        console.WriteLine($"  FAILED {what}: {exception.Message}");
    }
}
