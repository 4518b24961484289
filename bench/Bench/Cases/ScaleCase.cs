using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Data;
using Bench.Hosting;
using Bench.Report;

namespace Bench.Cases;

/// <summary>
/// Scale with data: the token endpoint and introspection on an empty database, then on the same database after a
/// million token rows and ten thousand clients were bulk-inserted; then the prune job's effect (rows, file size, and
/// client credentials measured while it runs). The database size is read before and after pruning, and after an
/// offline VACUUM, which is the only thing that gives SQLite's free pages back to the file system.
/// </summary>
internal static partial class ScaleCase
{
    /// <summary>Each scale process is fresh, so its first case gets the full warm-up (capped, for the smoke run's sake).</summary>
    private static readonly TimeSpan ScaleWarmup = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(SuiteContext s, CancellationToken ct)
    {
        await s.SectionAsync($"Scale: {s.Options.ScaleTokens:N0} token rows, {s.Options.ScaleClients:N0} clients");
        var data = s.NewDataFolder("scale");
        var database = Path.Combine(data, "authserver.db");
        var noPrune = new Dictionary<string, string> { ["AuthServer__Pruning__Enabled"] = "false" };

        // 1. Empty database (just migrated and seeded).
        await using (var empty = await Services.StartAuthServerAsync("AuthServer-scale-empty", data, s.LogFolder, ct, noPrune))
        {
            await MeasureAsync(s, empty, "empty", ct);
        }

        // 2. Bulk load, offline.
        var result = new ScaleResult();
        s.Report.Scale = result;
        var counts = BulkLoad.Fill(database, s.Seed.ServiceClientId, s.Options.ScaleClients, s.Options.ScaleTokens);
        (result.Clients, result.Authorizations, result.Tokens, result.BulkLoadSeconds) =
            (counts.Clients, counts.Authorizations, counts.Tokens, counts.Elapsed.TotalSeconds);
        var before = DatabaseStats.Read(database);
        (result.FileBytesBefore, result.UsedBytesBefore, result.TokenRowsLoaded, result.AuthorizationRowsLoaded) =
            (before.FileBytes, before.UsedBytes, before.Tokens, before.Authorizations);
        await s.Console.WriteLineAsync(FormattableString.Invariant(
            $"  bulk load: {counts.Tokens:N0} tokens, {counts.Clients:N0} clients, {counts.Authorizations:N0} authorizations in {counts.Elapsed.TotalSeconds:N1} s; database {before.FileBytes / 1e6:N0} MB"));

        // 3. Full database, in one process: the same cases (the prune job not yet due), then the prune job's first
        //    run, with the token endpoint measured while it works (~12 s), then the load stops until it is done.
        var measuring = Min(s.Options.Warmup, ScaleWarmup) + s.Options.FollowUpWarmup + 2 * s.Options.Runs * s.Options.RunTime;
        var pruning = new Dictionary<string, string>
        {
            ["AuthServer__Pruning__Enabled"] = "true",
            ["AuthServer__Pruning__FirstRunDelay"] = (measuring + TimeSpan.FromSeconds(s.Options.Smoke ? 3 : 10)).ToString("c", CultureInfo.InvariantCulture),
        };
        await using (var full = await Services.StartAuthServerAsync("AuthServer-scale-full", data, s.LogFolder, ct, pruning))
        {
            s.Report.Startups.Add(new StartupCase { Id = "startup-scale", Title = $"AuthServer restart with {counts.Tokens:N0} token rows" });
            s.Report.Startups[^1].Milliseconds.Add(full.StartupTime.TotalMilliseconds);
            await MeasureAsync(s, full, "full", ct);
            if (full.CountInLog("Pruning tokens") > 0)
            {
                s.Report.Notes.Add("Scale: the prune job started before the full-database cases had finished; their last run overlapped it.");
            }

            var started = await full.WaitForLogAsync("Pruning tokens", TimeSpan.FromSeconds(s.Options.Smoke ? 20 : 60), ct);
            if (!started)
            {
                throw new InvalidOperationException("the prune job never started: is builder.AddMaintenance() in the AuthServer's Program.cs?");
            }

            var atStart = DatabaseStats.Read(database);
            (result.TokenRowsBefore, result.AuthorizationRowsBefore) = (atStart.Tokens, atStart.Authorizations);
            var done = full.WaitForLogAsync("Pruned", TimeSpan.FromMinutes(4), ct);
            var windows = 0;
            await s.Runner.WhileAsync("scale-token-cc-during-prune", "Token endpoint while the prune job runs", s.ClientCredentials(full), full,
                AuthServerCases.CeilingPost, () => !done.IsCompleted && ++windows < s.Options.Runs + 1, TimeSpan.FromMinutes(1), ct);
            var finished = await done;
            result.PruneLog = finished
                ? full.RecentOutput().Split('\n').LastOrDefault(l => l.Contains("Pruned", StringComparison.Ordinal))?.Trim()
                : "the prune job did not finish within 4 minutes";
            await s.Console.WriteLineAsync($"  {result.PruneLog}");
            if (result.PruneLog is { } line && PrunedCounts().Match(line) is { Success: true } counted)
            {
                result.PrunedTokens = long.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture);
                result.PrunedAuthorizations = long.Parse(counted.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            s.Report.Memory.Add(new MemoryCase("AuthServer (scale database)", 0, full.Memory().PeakRssMb, "scale cases and prune"));
            AuthServerCases.Locked(s, full);
        }

        var after = DatabaseStats.Read(database);
        (result.FileBytesAfterPrune, result.UsedBytesAfterPrune, result.TokenRowsAfter, result.AuthorizationRowsAfter) =
            (after.FileBytes, after.UsedBytes, after.Tokens, after.Authorizations);
        result.FileBytesAfterVacuum = DatabaseStats.Vacuum(database);
        await s.Console.WriteLineAsync(FormattableString.Invariant(
            $"  database: {before.FileBytes / 1e6:N1} MB ({before.Tokens:N0} tokens) → after prune {after.FileBytes / 1e6:N1} MB on disk, {after.UsedBytes / 1e6:N1} MB in use ({after.Tokens:N0} tokens) → after VACUUM {result.FileBytesAfterVacuum / 1e6:N1} MB"));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [GeneratedRegex(@"Pruned (\d+) tokens and (\d+) authorizations")]
    private static partial Regex PrunedCounts();

    private static async Task MeasureAsync(SuiteContext s, ServiceProcess server, string label, CancellationToken ct)
    {
        var token = await s.ServiceTokenAsync(server, ct);
        await s.AssertActiveAsync(server, token, ct);
        await s.Runner.RequestsAsync($"scale-token-cc-{label}", $"Token endpoint, client credentials, {label} database",
            () => Task.FromResult(s.ClientCredentials(server)), server, AuthServerCases.CeilingPost, warm: true, ct, freshWarmup: ScaleWarmup);
        var introspect = Bench.Load.LoadSpec.PostForm(new Uri(server.BaseAddress, "connect/introspect"),
            $"token={token}&client_id={Uri.EscapeDataString(s.Seed.ServiceClientId)}&client_secret={Uri.EscapeDataString(s.Seed.ServiceSecret)}");
        await s.Runner.RequestsAsync($"scale-introspect-{label}", $"Introspection, {label} database",
            () => Task.FromResult(introspect), server, AuthServerCases.CeilingPost, warm: true, ct);
    }
}
