using System.Globalization;
using System.Text;

namespace Bench.Report;

/// <summary>The run as Markdown: what was measured, how, and the reach targets.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchReport report, string chartFileName)
    {
        var md = new StringBuilder();
        var info = report.Info;
        Line(md, $"# OAuthSuite benchmark, {info.StartedUtc:yyyy-MM-dd HH:mm} UTC{(info.Mode == "smoke" ? " (smoke run: ~1 s per case, not a measurement)" : string.Empty)}");
        md.AppendLine();
        Line(md, $"{info.Cores} cores, load average before {info.LoadBefore} and after {info.LoadAfter}; {info.Configuration} build; commit {info.Commit}; .NET {info.Runtime}.");
        Line(md, $"Load: {info.Generator}, {info.Connections} connections unless stated; each figure is the median of {info.Runs} run(s) of {info.RunSeconds:N0} s after {info.WarmupSeconds:N0} s of warm-up on a fresh process, with min–max. Ratios are to the plain-Kestrel ceiling measured in the same run (GET for GETs, form POST for POSTs). The whole run took {info.ElapsedSeconds / 60:N1} min.");
        md.AppendLine();

        md.AppendLine("## Throughput");
        md.AppendLine();
        md.AppendLine("| Case | Load | Median | Min–max | × ceiling | p50 | p99 | Errors | Server CPU |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var s in report.Speeds)
        {
            var per = s.Unit == "flows/s" ? "flow" : "req";
            Line(md, $"| {s.Title} | {s.Connections} {(s.Unit == "flows/s" ? (s.Connections == 1 ? "browser" : "browsers") : "conn")} | {s.Median:N0} {s.Unit} | {s.Min:N0}–{s.Max:N0} | {(s.CeilingRatio is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—")} | {s.P50Ms:N1} ms | {s.P99Ms:N1} ms | {s.Errors:N0} | {(s.CpuMicrosPerRequest is { } cpu ? $"{cpu:N0} µs/{per}" : "—")} |");
        }

        md.AppendLine();
        md.AppendLine("## Token endpoint against concurrency");
        md.AppendLine();
        Line(md, $"![Token endpoint throughput and p99 latency against concurrency]({chartFileName})");
        md.AppendLine();
        md.AppendLine("| Key | Connections | Tokens/s | p50 | p99 | Errors |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var p in report.Sweep)
        {
            Line(md, $"| {p.Series} | {p.Connections} | {p.PerSecond:N0} | {p.P50Ms:N1} ms | {p.P99Ms:N1} ms | {p.Errors} |");
        }

        md.AppendLine();
        md.AppendLine("## Startup and memory");
        md.AppendLine();
        md.AppendLine("| Start | Median | Min–max | Idle RSS |");
        md.AppendLine("|---|--:|--:|--:|");
        foreach (var s in report.Startups)
        {
            Line(md, $"| {s.Title} | {s.Median:N0} ms | {s.Min:N0}–{s.Max:N0} ms | {(s.IdleRssMb.Count > 0 ? $"{s.MedianIdleRssMb:N0} MB" : "—")} |");
        }

        md.AppendLine();
        md.AppendLine("| Service | Idle RSS | Peak RSS | Peak measured after |");
        md.AppendLine("|---|--:|--:|---|");
        foreach (var m in report.Memory)
        {
            Line(md, $"| {m.Service} | {(m.IdleRssMb > 0 ? $"{m.IdleRssMb:N0} MB" : "—")} | {m.PeakRssMb:N0} MB | {m.PeakAfter} |");
        }

        if (report.Scale is { } scale)
        {
            md.AppendLine();
            md.AppendLine("## Scale with data");
            md.AppendLine();
            Line(md, $"Bulk-inserted with SQL in {scale.BulkLoadSeconds:N1} s, beside the {scale.TokenRowsLoaded - scale.Tokens:N0} tokens the empty-database cases issued: {scale.Tokens:N0} tokens, {scale.Clients:N0} clients, {scale.Authorizations:N0} authorizations (10 % of the tokens and half the authorizations older than the prune job's 14-day minimum age and expired, revoked or redeemed; the rest recent).");
            md.AppendLine();
            md.AppendLine("| Database | Tokens | Authorizations | File on disk | In use |");
            md.AppendLine("|---|--:|--:|--:|--:|");
            Line(md, $"| After the bulk load | {scale.TokenRowsLoaded:N0} | {scale.AuthorizationRowsLoaded:N0} | {scale.FileBytesBefore / 1e6:N1} MB | {scale.UsedBytesBefore / 1e6:N1} MB |");
            Line(md, $"| When the prune job started | {scale.TokenRowsBefore:N0} | {scale.AuthorizationRowsBefore:N0} | | |");
            Line(md, $"| After the prune job (and the tokens issued while it ran) | {scale.TokenRowsAfter:N0} | {scale.AuthorizationRowsAfter:N0} | {scale.FileBytesAfterPrune / 1e6:N1} MB | {scale.UsedBytesAfterPrune / 1e6:N1} MB |");
            Line(md, $"| After an offline VACUUM | {scale.TokenRowsAfter:N0} | {scale.AuthorizationRowsAfter:N0} | {scale.FileBytesAfterVacuum / 1e6:N1} MB | {scale.FileBytesAfterVacuum / 1e6:N1} MB |");
            md.AppendLine();
            Line(md, $"Prune job log: \"{scale.PruneLog}\". SQLite keeps freed pages for reuse, so the file only shrinks with VACUUM.");
        }

        md.AppendLine();
        md.AppendLine("## Reach (issue 5)");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("|---|---|:-:|");
        foreach (var r in report.Reach)
        {
            Line(md, $"| {r.Target} | {r.Measured} | {(r.Met switch { true => "yes", false => "**no**", null => "—" })} |");
        }

        if (report.Failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Failures");
            md.AppendLine();
            foreach (var failure in report.Failures)
            {
                Line(md, $"- {failure}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Notes");
        md.AppendLine();
        foreach (var note in report.Notes)
        {
            Line(md, $"- {note}");
        }

        return md.ToString();
    }

    private static void Line(StringBuilder md, FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
}
