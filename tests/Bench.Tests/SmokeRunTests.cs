using System.Text.Json;
using Bench;
using Bench.Cases;

namespace Bench.Tests;

/// <summary>
/// The benchmark runner end to end in smoke mode (every case for about a second, a small data set): it proves the
/// runner still starts the real services, drives every case without an error response and writes its reports. It
/// measures nothing; the figures come from a full run (bench/README.md).
/// </summary>
public sealed class SmokeRunTests
{
    private static readonly string[] EveryCase =
    [
        "ceiling-get", "ceiling-post", "token-cc-rs256", "introspect", "code-flow-session-1", "code-flow-session-16",
        "code-flow-fresh-login-4", "refresh", "resourceapi-anonymous", "resourceapi-token", "token-cc-es256",
        "scale-token-cc-empty", "scale-introspect-empty", "scale-token-cc-full", "scale-introspect-full", "scale-token-cc-during-prune",
    ];

    [Fact(Timeout = 900_000)] // a deadline for a loaded machine; the run takes about a minute when quiet
    public async Task SmokeRun_CompletesEveryCase_WithoutErrorsAndWritesReports()
    {
        var output = Directory.CreateTempSubdirectory("bench-smoke-").FullName;
        using var log = new StringWriter();

        var report = await Suite.RunAsync(BenchOptions.SmokeDefaults with { OutputFolder = output }, log, CancellationToken.None);

        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures) + Environment.NewLine + log);
        foreach (var id in EveryCase)
        {
            var speed = report.Speed(id);
            Assert.True(speed is { Requests: > 0 }, $"case {id} completed no request{Environment.NewLine}{log}");
            Assert.True(speed!.Errors == 0, $"case {id} had {speed.Errors} error responses{Environment.NewLine}{log}");
        }

        Assert.Equal(0, report.LockedLines);
        Assert.Contains(report.Startups, s => s.Id == "startup-restart" && s.Median > 0);
        Assert.Contains(report.Memory, m => m.Service == "AuthServer (RS256)" && m.IdleRssMb > 0);
        Assert.True(report.Scale is { PrunedTokens: > 0, PrunedAuthorizations: > 0 }, $"the prune job removed nothing: {report.Scale?.PruneLog}");
        Assert.True(new FileInfo(Path.Combine(output, Suite.ChartFile)).Length > 0);
        Assert.Contains("## Reach (issue 5)", await File.ReadAllTextAsync(Path.Combine(output, "results.md")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")));
        Assert.True(json.RootElement.GetProperty("speeds").GetArrayLength() >= EveryCase.Length);
    }
}
