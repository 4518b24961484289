using System.Globalization;

namespace Bench;

/// <summary>Command line: <c>[--smoke] [--runs N] [--seconds S] [--warmup S] [--out DIR] [--generator wrk|dotnet] [--no-r2r] [--only a,b]</c>.</summary>
internal sealed record BenchOptions
{
    public bool Smoke { get; init; }

    /// <summary>Measured runs per case; the table shows their median, min and max.</summary>
    public int Runs { get; init; } = 3;

    public TimeSpan RunTime { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Load before the first measured run of a fresh process: under load, tiered compilation (with PGO) of the
    /// AuthServer keeps the JIT busy for about 20 s here before the code reaches its final tier.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Warm-up for a case on a process that an earlier case already warmed, and for the in-process ceiling.</summary>
    public TimeSpan FollowUpWarmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Connections { get; init; } = 64;

    public int WrkThreads { get; init; } = 2;

    public IReadOnlyList<int> SweepConnections { get; init; } = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    public TimeSpan SweepRunTime { get; init; } = TimeSpan.FromSeconds(2);

    public int StartupRestarts { get; init; } = 5;

    public int ScaleTokens { get; init; } = 1_000_000;

    public int ScaleClients { get; init; } = 10_000;

    public bool ReadyToRun { get; init; } = true;

    /// <summary><c>auto</c> (wrk when installed), <c>wrk</c> or <c>dotnet</c>.</summary>
    public string Generator { get; init; } = "auto";

    public string OutputFolder { get; init; } = Path.Combine(RepoPaths.Root, "bench", "results",
        DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    /// <summary>Case groups to run (ceiling, tokens, es256, flows, refresh, introspection, resourceapi, startup, scale); empty: all.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Keep the work folder (service logs, databases) even when every case passed.</summary>
    public bool KeepWork { get; init; }

    public bool Includes(string group) => Only.Count == 0 || Only.Contains(group);

    /// <summary>Every case for about a second, a small data set: proves the runner works, measures nothing.</summary>
    public static BenchOptions SmokeDefaults => new()
    {
        Smoke = true,
        Runs = 1,
        RunTime = TimeSpan.FromSeconds(1),
        // A second of load before each measured second: on a busy machine the first requests of a cold process (the
        // in-process ceiling included) can take longer than the run itself, leaving a case with no completed request.
        Warmup = TimeSpan.FromSeconds(2),
        FollowUpWarmup = TimeSpan.FromSeconds(1),
        SweepConnections = [16],
        SweepRunTime = TimeSpan.FromSeconds(1),
        StartupRestarts = 1,
        ScaleTokens = 5_000,
        ScaleClients = 50,
        ReadyToRun = false,
    };

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--smoke") ? SmokeDefaults : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--smoke" => options,
                "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => options with { RunTime = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--out" => options with { OutputFolder = Path.GetFullPath(Next()) },
                "--generator" => options with { Generator = Next() },
                "--no-r2r" => options with { ReadyToRun = false },
                "--keep" => options with { KeepWork = true },
                "--publish" => options,
                "--tokens" => options with { ScaleTokens = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase) },
                _ => throw new ArgumentException($"unknown option {args[i]}; see bench/README.md"),
            };
        }

        return options;
    }
}
