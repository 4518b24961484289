using Bench.Hosting;
using Bench.Report;

namespace Bench.Cases;

/// <summary>
/// Time from process start to the first healthy response, restarting on the RS256 server's data folder (migrated,
/// keys and seed in place: the everyday restart), from the normal build output and from a ReadyToRun publish.
/// </summary>
internal static class StartupCases
{
    public static async Task RunAsync(SuiteContext s, CancellationToken ct)
    {
        await s.SectionAsync("Startup to first healthy response");
        var data = Path.Combine(s.WorkFolder, "data", "rs256");
        if (!Directory.Exists(data))
        {
            data = s.NewDataFolder("rs256");
            await using var first = await Services.StartAuthServerAsync("AuthServer-first", data, s.LogFolder, ct);
        }

        await RestartsAsync(s, "startup-restart", "AuthServer restart, build output (JIT)", RepoPaths.BuiltDll("AuthServer"), data, ct);

        if (s.Options.ReadyToRun)
        {
            await s.Console.WriteLineAsync("  publishing the AuthServer with ReadyToRun ...");
            var dll = await ReadyToRunPublish.PublishAsync("AuthServer", Path.Combine(s.WorkFolder, "r2r"), s.Console, ct);
            if (dll is not null)
            {
                await RestartsAsync(s, "startup-restart-r2r", "AuthServer restart, ReadyToRun publish", dll, data, ct);
            }
        }
    }

    private static async Task RestartsAsync(SuiteContext s, string id, string title, string dll, string data, CancellationToken ct)
    {
        var result = new StartupCase { Id = id, Title = title };
        s.Report.Startups.Add(result);
        for (var i = 0; i < s.Options.StartupRestarts; i++)
        {
            await using var server = await Services.StartAuthServerAsync("AuthServer-restart", data, s.LogFolder, ct, dll: dll);
            result.Milliseconds.Add(server.StartupTime.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            result.IdleRssMb.Add(server.Memory().RssMb);
            await s.Console.WriteLineAsync(FormattableString.Invariant(
                $"  {id,-28} start {i + 1}: {server.StartupTime.TotalMilliseconds,6:N0} ms to healthy, idle RSS {result.IdleRssMb[^1],5:N0} MB"));
        }
    }
}
