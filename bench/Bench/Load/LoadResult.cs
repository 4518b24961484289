namespace Bench.Load;

/// <summary>One measured run: how many requests (or whole flows) completed, how fast, and the latency percentiles.</summary>
internal sealed record LoadResult(long Requests, double Seconds, long Errors, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public double PerSecond => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>Server CPU seconds used during the run (all cores), when a server process was watched.</summary>
    public double? ServerCpuSeconds { get; init; }

    public double? ServerCpuMicrosPerRequest => ServerCpuSeconds is { } cpu && Requests > 0 ? cpu * 1_000_000 / Requests : null;

    public static LoadResult FromLatencies(List<double> latenciesMs, double seconds, long errors)
    {
        latenciesMs.Sort();
        return new LoadResult(latenciesMs.Count, seconds, errors,
            Percentile(latenciesMs, 50), Percentile(latenciesMs, 90), Percentile(latenciesMs, 99),
            latenciesMs.Count > 0 ? latenciesMs[^1] : 0);
    }

    private static double Percentile(List<double> sorted, double percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
