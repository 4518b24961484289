using Bench.Load;

namespace Bench.Report;

/// <summary>Everything one run measured; written as JSON as it is, and as Markdown by <see cref="MarkdownReport"/>.</summary>
internal sealed class BenchReport
{
    public required RunInfo Info { get; init; }

    public List<SpeedCase> Speeds { get; } = [];

    public List<StartupCase> Startups { get; } = [];

    public List<MemoryCase> Memory { get; } = [];

    public List<SweepPoint> Sweep { get; } = [];

    public ScaleResult? Scale { get; set; }

    public List<ReachItem> Reach { get; } = [];

    public List<string> Failures { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Lines saying "database is locked" in every AuthServer log of the run.</summary>
    public int LockedLines { get; set; }

    /// <summary>Lines logged at error level ("fail:") in every service log of the run.</summary>
    public int LoggedFailures { get; set; }

    public SpeedCase? Speed(string id) => Speeds.FirstOrDefault(s => s.Id == id);
}

internal sealed record RunInfo(
    DateTime StartedUtc, string Mode, string Generator, string Commit, string Runtime, int Cores,
    string LoadBefore, string Configuration, int Connections, int Runs, double RunSeconds, double WarmupSeconds)
{
    public string LoadAfter { get; set; } = string.Empty;

    public double ElapsedSeconds { get; set; }
}

/// <summary>A throughput case: the median of its runs, with min and max, and its fraction of the ceiling.</summary>
internal sealed class SpeedCase
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Generator { get; init; }

    public required int Connections { get; init; }

    /// <summary>"req/s" for single requests, "flows/s" for whole code flows.</summary>
    public string Unit { get; init; } = "req/s";

    /// <summary>The ceiling case this one is divided by (GET or form POST).</summary>
    public string? CeilingId { get; init; }

    public List<LoadResult> Runs { get; } = [];

    public double Median => MedianOf(Runs.Select(r => r.PerSecond));

    public double Min => Runs.Count == 0 ? 0 : Runs.Min(r => r.PerSecond);

    public double Max => Runs.Count == 0 ? 0 : Runs.Max(r => r.PerSecond);

    public double P50Ms => MedianOf(Runs.Select(r => r.P50Ms));

    public double P99Ms => MedianOf(Runs.Select(r => r.P99Ms));

    public long Errors => Runs.Sum(r => r.Errors);

    public long Requests => Runs.Sum(r => r.Requests);

    public double? CpuMicrosPerRequest => Runs.Any(r => r.ServerCpuMicrosPerRequest is not null)
        ? MedianOf(Runs.Where(r => r.ServerCpuMicrosPerRequest is not null).Select(r => r.ServerCpuMicrosPerRequest!.Value))
        : null;

    public double? CeilingRatio { get; set; }

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal sealed class StartupCase
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public List<double> Milliseconds { get; } = [];

    public double Median => SpeedCase.MedianOf(Milliseconds);

    public double Min => Milliseconds.Count == 0 ? 0 : Milliseconds.Min();

    public double Max => Milliseconds.Count == 0 ? 0 : Milliseconds.Max();

    /// <summary>Resident memory 2 s after the first healthy response, median over the starts.</summary>
    public List<double> IdleRssMb { get; } = [];

    public double MedianIdleRssMb => SpeedCase.MedianOf(IdleRssMb);
}

internal sealed record MemoryCase(string Service, double IdleRssMb, double PeakRssMb, string PeakAfter);

internal sealed record SweepPoint(string Series, int Connections, double PerSecond, double P50Ms, double P99Ms, long Errors);

internal sealed class ScaleResult
{
    public int Clients { get; set; }

    public int Tokens { get; set; }

    public int Authorizations { get; set; }

    public double BulkLoadSeconds { get; set; }

    public long FileBytesBefore { get; set; }

    public long UsedBytesBefore { get; set; }

    public long FileBytesAfterPrune { get; set; }

    public long UsedBytesAfterPrune { get; set; }

    public long FileBytesAfterVacuum { get; set; }

    public long TokenRowsLoaded { get; set; }

    public long AuthorizationRowsLoaded { get; set; }

    /// <summary>Rows when the prune job started (the full-database cases issued tokens since the load).</summary>
    public long TokenRowsBefore { get; set; }

    public long TokenRowsAfter { get; set; }

    public long AuthorizationRowsBefore { get; set; }

    public long AuthorizationRowsAfter { get; set; }

    public string? PruneLog { get; set; }

    /// <summary>From the prune job's log line; null when it did not finish.</summary>
    public long? PrunedTokens { get; set; }

    public long? PrunedAuthorizations { get; set; }
}

internal sealed record ReachItem(string Target, string Measured, bool? Met, string Comment = "");
