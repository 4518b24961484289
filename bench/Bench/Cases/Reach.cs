using System.Globalization;
using Bench.Report;

namespace Bench.Cases;

/// <summary>The targets of issue 5, each checked against this run's figures (null: not measured in this run).</summary>
internal static class Reach
{
    public static void Evaluate(BenchReport report)
    {
        var rs = report.Speed("token-cc-rs256");
        var es = report.Speed("token-cc-es256");
        var anonymous = report.Speed("resourceapi-anonymous");
        var bearer = report.Speed("resourceapi-token");
        var session = report.Speed("code-flow-session-1");
        var restart = report.Startups.FirstOrDefault(s => s.Id == "startup-restart");
        var r2r = report.Startups.FirstOrDefault(s => s.Id == "startup-restart-r2r");
        var idle = report.Memory.FirstOrDefault(m => m.Service == "AuthServer (RS256)");

        Add(report, "Client credentials, RS256, tokens persisted: ≥ 2,400 tokens/s", rs, v => v.Median >= 2400, v => $"{v.Median:N0}/s (p99 {v.P99Ms:N0} ms)");
        Add(report, "Client credentials, ES256: ≥ 5,000 tokens/s", es, v => v.Median >= 5000, v => $"{v.Median:N0}/s (p99 {v.P99Ms:N0} ms)");
        if (anonymous is not null && bearer is not null && anonymous.Median > 0)
        {
            var ratio = bearer.Median / anonymous.Median;
            report.Reach.Add(new ReachItem("ResourceApi with a valid token: ≥ 50 % of its anonymous throughput",
                Invariant($"{ratio:P0} ({bearer.Median:N0} vs {anonymous.Median:N0}/s)"), ratio >= 0.5));
        }

        Add(report, "AuthServer start to first healthy response: < 1 s (restart, build output)", restart, v => v.Median < 1000, v => $"{v.Median:N0} ms (min {v.Min:N0}, max {v.Max:N0})");
        Add(report, "… the same, ReadyToRun publish", r2r, v => v.Median < 1000, v => $"{v.Median:N0} ms (min {v.Min:N0}, max {v.Max:N0})");
        Add(report, "AuthServer idle RSS: < 100 MB", idle, v => v.IdleRssMb < 100, v => $"{v.IdleRssMb:N0} MB (build output); R2R {r2r?.MedianIdleRssMb ?? 0:N0} MB");
        var errors = report.Speeds.Sum(s => s.Errors);
        report.Reach.Add(new ReachItem("No error responses and no \"database is locked\" under load",
            Invariant($"{errors:N0} error responses, {report.LockedLines} \"database is locked\" lines, {report.LoggedFailures} logged failures"),
            errors == 0 && report.LockedLines == 0 && report.LoggedFailures == 0));
        Add(report, "Code flow with an existing session: p50 < 10 ms", session, v => v.P50Ms < 10, v => $"p50 {v.P50Ms:N1} ms, p99 {v.P99Ms:N1} ms, 1 browser");

        foreach (var (what, empty, full) in new[] { ("token endpoint", "scale-token-cc-empty", "scale-token-cc-full"), ("introspection", "scale-introspect-empty", "scale-introspect-full") })
        {
            var before = report.Speed(empty);
            var after = report.Speed(full);
            if (before is not null && after is not null && before.Median > 0)
            {
                var ratio = after.Median / before.Median;
                report.Reach.Add(new ReachItem($"Scale: {what} with {report.Scale?.Tokens:N0} token rows within 20 % of the empty database",
                    Invariant($"{ratio:P0} of empty ({after.Median:N0} vs {before.Median:N0}/s)"), ratio >= 0.8));
            }
        }

        var duringPrune = report.Speed("scale-token-cc-during-prune");
        var fullCc = report.Speed("scale-token-cc-full");
        if (report.Scale is { } scale)
        {
            // "Without blocking requests": it finishes, no request fails, and the endpoint keeps at least half its speed.
            var kept = duringPrune is not null && fullCc is { Median: > 0 } ? duringPrune.Median / fullCc.Median : (double?)null;
            report.Reach.Add(new ReachItem("Prune job removes expired tokens and authorizations without blocking requests",
                scale.PrunedTokens is null
                    ? scale.PruneLog ?? "not run"
                    : Invariant($"{scale.PrunedTokens:N0} tokens and {scale.PrunedAuthorizations:N0} authorizations pruned; meanwhile the token endpoint served {duringPrune?.Median ?? 0:N0}/s ({kept ?? 0:P0} of its full-database speed), p99 {duringPrune?.P99Ms ?? 0:N0} ms (without pruning {fullCc?.P99Ms ?? 0:N0} ms), {duringPrune?.Errors ?? 0} errors"),
                scale.PrunedTokens > 0 && duringPrune is { Errors: 0 } && kept >= 0.5));
        }
    }

    private static void Add<T>(BenchReport report, string target, T? value, Func<T, bool> met, Func<T, FormattableString> measured) where T : class
    {
        if (value is not null)
        {
            report.Reach.Add(new ReachItem(target, measured(value).ToString(CultureInfo.InvariantCulture), met(value)));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
