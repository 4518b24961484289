using System.Globalization;
using Bench.Hosting;
using Bench.Load;
using Bench.Report;

namespace Bench.Cases;

/// <summary>Runs one throughput case the same way every time: warm up, then N measured runs, server CPU watched.</summary>
internal sealed class CaseRunner(BenchOptions options, ILoadGenerator generator, BenchReport report, TextWriter console)
{
    private readonly HashSet<int> _warmed = [];

    public ILoadGenerator Generator => generator;

    public BenchOptions Options => options;

    /// <summary>A single-request case through the load generator (wrk or HttpClient).</summary>
    public async Task<SpeedCase> RequestsAsync(
        string id, string title, Func<Task<LoadSpec>> spec, ServiceProcess? server, string? ceilingId, bool warm,
        CancellationToken cancellationToken, int? connections = null, TimeSpan? freshWarmup = null)
    {
        var result = new SpeedCase { Id = id, Title = title, Generator = generator.Name, Connections = connections ?? options.Connections, CeilingId = ceilingId };
        return await MeasureAsync(result, server, warm, freshWarmup,
            async duration => await generator.RunAsync(await spec(), result.Connections, duration, cancellationToken), cancellationToken);
    }

    /// <summary>A multi-step case (a whole flow per iteration) through <see cref="DotnetLoad"/>'s closed loop.</summary>
    public async Task<SpeedCase> FlowsAsync(
        string id, string title, int workers, Func<int, Task<bool>> iteration, ServiceProcess server, bool warm, CancellationToken cancellationToken)
    {
        var result = new SpeedCase { Id = id, Title = title, Generator = "HttpClient browsers", Connections = workers, Unit = "flows/s" };
        return await MeasureAsync(result, server, warm, null,
            duration => DotnetLoad.RunWorkersAsync(workers, duration, iteration, cancellationToken), cancellationToken);
    }

    private async Task<SpeedCase> MeasureAsync(
        SpeedCase result, ServiceProcess? server, bool warm, TimeSpan? freshWarmup, Func<TimeSpan, Task<LoadResult>> run, CancellationToken cancellationToken)
    {
        report.Speeds.Add(result);
        // A fresh process gets the long warm-up; later cases on it only warm their own code paths.
        var warmup = server is not null && _warmed.Add(server.Pid) ? Min(freshWarmup ?? options.Warmup, options.Warmup) : options.FollowUpWarmup;
        if (warm && warmup > TimeSpan.Zero)
        {
            await run(warmup);
        }

        for (var i = 0; i < options.Runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cpuBefore = server?.CpuTime();
            var measured = await run(options.RunTime);
            if (server is not null && cpuBefore is { } before)
            {
                measured = measured with { ServerCpuSeconds = (server.CpuTime() - before).TotalSeconds };
            }

            result.Runs.Add(measured);
            await console.WriteLineAsync(Line(result, measured, i));
        }

        return result;
    }

    /// <summary>Back-to-back measured runs for as long as <paramref name="keepGoing"/> says (at least one), no warm-up.</summary>
    public async Task<SpeedCase> WhileAsync(
        string id, string title, LoadSpec spec, ServiceProcess server, string? ceilingId, Func<bool> keepGoing, TimeSpan limit, CancellationToken cancellationToken)
    {
        var result = new SpeedCase { Id = id, Title = title, Generator = generator.Name, Connections = options.Connections, CeilingId = ceilingId };
        report.Speeds.Add(result);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            var cpuBefore = server.CpuTime();
            var measured = await generator.RunAsync(spec, result.Connections, options.RunTime, cancellationToken);
            measured = measured with { ServerCpuSeconds = (server.CpuTime() - cpuBefore).TotalSeconds };
            result.Runs.Add(measured);
            await console.WriteLineAsync(Line(result, measured, result.Runs.Count - 1));
        }
        while (keepGoing() && clock.Elapsed < limit);
        return result;
    }

    /// <summary>Counts <paramref name="server"/> as warm: its next case gets the short warm-up.</summary>
    public void MarkWarm(ServiceProcess server) => _warmed.Add(server.Pid);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public async Task<List<SweepPoint>> SweepAsync(string series, Func<Task<LoadSpec>> spec, CancellationToken cancellationToken)
    {
        var points = new List<SweepPoint>();
        foreach (var connections in options.SweepConnections)
        {
            var measured = await generator.RunAsync(await spec(), connections, options.SweepRunTime, cancellationToken);
            var point = new SweepPoint(series, connections, measured.PerSecond, measured.P50Ms, measured.P99Ms, measured.Errors);
            points.Add(point);
            report.Sweep.Add(point);
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  sweep {series} c={connections,-4} {measured.PerSecond,9:N0}/s  p50 {measured.P50Ms,7:N1} ms  p99 {measured.P99Ms,7:N1} ms  errors {measured.Errors}"));
        }

        return points;
    }

    private static string Line(SpeedCase result, LoadResult run, int index) =>
        FormattableString.Invariant($"  {result.Id,-28} run {index + 1}: {run.PerSecond,9:N0} {result.Unit}  p50 {run.P50Ms,7:N2} ms  p99 {run.P99Ms,7:N2} ms  errors {run.Errors}")
        + (run.ServerCpuMicrosPerRequest is { } cpu ? FormattableString.Invariant($"  server CPU {cpu,6:N0} µs/{(result.Unit == "flows/s" ? "flow" : "req")}") : string.Empty);
}
