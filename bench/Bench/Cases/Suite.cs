using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bench.Hosting;
using Bench.Load;
using Bench.Report;

namespace Bench.Cases;

/// <summary>The whole run, in order: ceiling, RS256 server cases, ES256, startup, scale; then the reports.</summary>
internal static class Suite
{
    public const string ChartFile = "token-endpoint-concurrency.png";

    private static readonly string[] AuthServerGroups = ["tokens", "introspection", "flows", "refresh", "resourceapi"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter console, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        CheckBuilt();
        ILoadGenerator generator = options.Generator switch
        {
            "dotnet" => new DotnetLoad(),
            "wrk" or "auto" when Wrk.IsInstalled() => new Wrk(Path.Combine(Path.GetTempPath(), "oauthsuite-bench-lua"), options.WrkThreads),
            "wrk" => throw new InvalidOperationException("wrk is not installed: apt-get install -y wrk (or pass --generator dotnet)"),
            _ => new DotnetLoad(),
        };

        var report = new BenchReport
        {
            Info = new RunInfo(DateTime.UtcNow, options.Smoke ? "smoke" : "full", generator.Name, Commit(), Environment.Version.ToString(),
                Environment.ProcessorCount, LoadAverage(), RepoPaths.Configuration, options.Connections, options.Runs,
                options.RunTime.TotalSeconds, options.Warmup.TotalSeconds),
        };
        if (RepoPaths.Configuration != "Release")
        {
            report.Notes.Add($"The services were built in {RepoPaths.Configuration}: figures are not comparable to a Release run.");
        }

        var work = Directory.CreateTempSubdirectory("oauthsuite-bench-").FullName;
        var context = new SuiteContext(options, new CaseRunner(options, generator, report, console), report, console, work);
        await console.WriteLineAsync($"OAuthSuite bench ({report.Info.Mode}): {generator.Name}, {options.Runs} × {options.RunTime.TotalSeconds:N0} s per case; work folder {work}");

        await using (var ceiling = await CeilingServer.StartAsync())
        {
            if (options.Includes("ceiling") || options.Only.Count > 0)
            {
                await context.SectionAsync("Ceiling: plain Kestrel in the runner's process");
                await context.Runner.RequestsAsync(AuthServerCases.CeilingGet, "Ceiling: plain Kestrel GET (hello)",
                    () => Task.FromResult(LoadSpec.Get(new Uri(ceiling.BaseAddress, "hello"))), null, null, warm: true, ct);
                await context.Runner.RequestsAsync(AuthServerCases.CeilingPost, "Ceiling: plain Kestrel form POST",
                    () => Task.FromResult(LoadSpec.PostForm(new Uri(ceiling.BaseAddress, "form"), "grant_type=client_credentials&client_id=a&client_secret=b&scope=c")), null, null, warm: true, ct);
            }
        }

        if (AuthServerGroups.Any(options.Includes))
        {
            await AuthServerCases.Guard(context, "AuthServer RS256", () => AuthServerCases.RunRs256Async(context, ct));
        }

        if (options.Includes("es256"))
        {
            await AuthServerCases.Guard(context, "AuthServer ES256", () => AuthServerCases.RunEs256Async(context, ct));
        }

        if (options.Includes("startup"))
        {
            await AuthServerCases.Guard(context, "startup", () => StartupCases.RunAsync(context, ct));
        }

        if (options.Includes("scale"))
        {
            await AuthServerCases.Guard(context, "scale", () => ScaleCase.RunAsync(context, ct));
        }

        foreach (var speed in report.Speeds.Where(s => s.CeilingId is not null))
        {
            var ceilingCase = report.Speed(speed.CeilingId!);
            speed.CeilingRatio = ceilingCase is { Median: > 0 } ? speed.Median / ceilingCase.Median : null;
        }

        Reach.Evaluate(report);
        report.Info.LoadAfter = LoadAverage();
        report.Info.ElapsedSeconds = clock.Elapsed.TotalSeconds;
        await WriteAsync(report, options, console, ct);

        if (report.Failures.Count == 0 && !options.KeepWork)
        {
            TryDelete(work);
        }
        else
        {
            await console.WriteLineAsync($"Logs and data kept in {work}");
        }

        return report;
    }

    private static async Task WriteAsync(BenchReport report, BenchOptions options, TextWriter console, CancellationToken ct)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var chart = Path.Combine(options.OutputFolder, ChartFile);
        if (report.Sweep.Count > 0)
        {
            ConcurrencyChart.Write(report.Sweep, chart, FormattableString.Invariant(
                $"{report.Info.Cores} cores, {report.Info.Generator}, {report.Info.StartedUtc:yyyy-MM-dd}"));
        }

        var markdown = MarkdownReport.Render(report, ChartFile);
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, "results.md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, "results.json"),
            JsonSerializer.Serialize(report, Json), ct);
        await console.WriteLineAsync();
        await console.WriteLineAsync(markdown);
        await console.WriteLineAsync($"Written: {options.OutputFolder}/results.md, results.json{(report.Sweep.Count > 0 ? ", " + ChartFile : string.Empty)}");
    }

    /// <summary>The services are built by this project's references; a missing dll means a broken build, not a missing step.</summary>
    private static void CheckBuilt()
    {
        foreach (var project in new[] { "AuthServer", "ResourceApi" })
        {
            if (!File.Exists(RepoPaths.BuiltDll(project)))
            {
                throw new InvalidOperationException($"{RepoPaths.BuiltDll(project)} is missing: run through 'dotnet run -c Release --project bench/Bench' so it is built first.");
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "describe --always --dirty")
            {
                WorkingDirectory = RepoPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? head : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS.
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
