using Bench.Flows;
using Bench.Hosting;
using Bench.Load;
using Bench.Report;

namespace Bench.Cases;

/// <summary>
/// Everything measured against one AuthServer with an RS256 key (the default): client credentials and its concurrency
/// sweep, introspection, the code flow with a live session and with a fresh login, refresh, and the ResourceApi
/// validating that server's tokens. Then the same token case on a second server with an ES256 key.
/// </summary>
internal static class AuthServerCases
{
    public const string CeilingGet = "ceiling-get";
    public const string CeilingPost = "ceiling-post";

    public static async Task RunRs256Async(SuiteContext s, CancellationToken ct)
    {
        await s.SectionAsync("AuthServer, RS256 signing key");
        var data = s.NewDataFolder("rs256");
        await using var server = await Services.StartAuthServerAsync("AuthServer-RS256", data, s.LogFolder, ct);
        var firstStart = new StartupCase { Id = "startup-first", Title = "AuthServer first start, empty data folder (migrate, create keys, seed)" };
        firstStart.Milliseconds.Add(server.StartupTime.TotalMilliseconds);
        s.Report.Startups.Add(firstStart);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var idle = server.Memory().RssMb;
        firstStart.IdleRssMb.Add(idle);

        if (s.Options.Includes("tokens"))
        {
            await Guard(s, "client credentials RS256", async () =>
            {
                await s.ServiceTokenAsync(server, ct);
                await s.Runner.RequestsAsync("token-cc-rs256", "Token endpoint, client credentials, RS256 (token row persisted)",
                    () => Task.FromResult(s.ClientCredentials(server)), server, CeilingPost, warm: true, ct);
                await s.Runner.SweepAsync("RS256", () => Task.FromResult(s.ClientCredentials(server)), ct);
            });
        }

        if (s.Options.Includes("introspection"))
        {
            await Guard(s, "introspection", async () =>
            {
                var token = await s.ServiceTokenAsync(server, ct);
                await s.AssertActiveAsync(server, token, ct);
                var spec = LoadSpec.PostForm(new Uri(server.BaseAddress, "connect/introspect"),
                    $"token={token}&client_id={Uri.EscapeDataString(Seed.Service.Id)}&client_secret={Uri.EscapeDataString(Seed.Service.Secret)}");
                await s.Runner.RequestsAsync("introspect", "Introspection of a JWT access token (row looked up)", () => Task.FromResult(spec),
                    server, CeilingPost, warm: true, ct);
            });
        }

        if (s.Options.Includes("flows"))
        {
            await Guard(s, "code flow", () => CodeFlowsAsync(s, server, ct));
        }

        if (s.Options.Includes("refresh"))
        {
            await Guard(s, "refresh", () => RefreshAsync(s, server, ct));
        }

        if (s.Options.Includes("resourceapi"))
        {
            await Guard(s, "ResourceApi", () => ResourceApiAsync(s, server, ct));
        }

        s.Report.Memory.Add(new MemoryCase("AuthServer (RS256)", idle, server.Memory().PeakRssMb, "all cases above"));
        Locked(s, server);
    }

    public static async Task RunEs256Async(SuiteContext s, CancellationToken ct)
    {
        await s.SectionAsync("AuthServer, ES256 signing key");
        var data = s.NewDataFolder("es256");
        await using var server = await Services.StartAuthServerAsync("AuthServer-ES256", data, s.LogFolder, ct,
            new Dictionary<string, string> { ["AuthServer__Keys__SigningAlgorithm"] = "ES256" });
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var idle = server.Memory().RssMb;
        await Guard(s, "client credentials ES256", async () =>
        {
            await s.ServiceTokenAsync(server, ct);
            await s.Runner.RequestsAsync("token-cc-es256", "Token endpoint, client credentials, ES256 (token row persisted)",
                () => Task.FromResult(s.ClientCredentials(server)), server, CeilingPost, warm: true, ct);
            await s.Runner.SweepAsync("ES256", () => Task.FromResult(s.ClientCredentials(server)), ct);
        });
        s.Report.Memory.Add(new MemoryCase("AuthServer (ES256)", idle, server.Memory().PeakRssMb, "client credentials and sweep"));
        Locked(s, server);
    }

    /// <summary>
    /// Warm session: each browser signed in and consented once, then authorize → code → token per flow, one browser
    /// (the latency a user sees) and 16 (throughput). Fresh login: cookies dropped every flow, so each one renders the
    /// login page, checks the password (PBKDF2, by design slow), shows the consent page (prompt=consent) and redeems.
    /// </summary>
    private static async Task CodeFlowsAsync(SuiteContext s, ServiceProcess server, CancellationToken ct)
    {
        foreach (var browsers in new[] { 1, 16 })
        {
            var sessions = await SignedInSessionsAsync(server, browsers, ct);
            try
            {
                await s.Runner.FlowsAsync($"code-flow-session-{browsers}", $"Code flow with a live session, {browsers} browser{(browsers > 1 ? "s" : string.Empty)} (authorize → code → token)",
                    browsers, async worker => { await CodeFlow.RunAsync(sessions[worker], askConsent: false, ct); return true; }, server, warm: true, ct);
            }
            finally
            {
                CodeFlow.Dispose(sessions);
            }
        }

        var fresh = Enumerable.Range(0, 4).Select(_ => CodeFlow.NewBrowser(server.BaseAddress)).ToArray();
        try
        {
            await s.Runner.FlowsAsync("code-flow-fresh-login-4", "Code flow with a fresh login, 4 browsers (authorize → login → consent → code → token)",
                fresh.Length, async worker =>
                {
                    fresh[worker].Cookies!.Clear();
                    await CodeFlow.RunAsync(fresh[worker], askConsent: true, ct);
                    return true;
                }, server, warm: true, ct);
        }
        finally
        {
            CodeFlow.Dispose(fresh);
        }
    }

    private static async Task RefreshAsync(SuiteContext s, ServiceProcess server, CancellationToken ct)
    {
        var sessions = await SignedInSessionsAsync(server, 8, ct);
        try
        {
            var prefix = $"grant_type=refresh_token&client_id={Uri.EscapeDataString(Seed.WebClient.Id)}&client_secret={Uri.EscapeDataString(Seed.WebClient.Secret)}";
            var url = new Uri(server.BaseAddress, "connect/token");

            // A redeemed refresh token is refused (rotation), so every run starts from new chains: one per connection,
            // plus one per wrk thread, because wrk calls request() once more than it sends, to check the script.
            var chains = s.Options.Connections + s.Options.WrkThreads;
            async Task<LoadSpec> FreshChains()
            {
                var perSession = (chains + sessions.Length - 1) / sessions.Length;
                var minted = await Task.WhenAll(sessions.Select(async session =>
                {
                    var tokens = new List<string>();
                    for (var i = 0; i < perSession; i++)
                    {
                        var result = await CodeFlow.RunAsync(session, askConsent: false, ct);
                        tokens.Add(result.RefreshToken ?? throw new InvalidOperationException("no refresh token: is offline_access in the client's scopes?"));
                    }

                    return tokens;
                }));
                return new LoadSpec("POST", url, prefix) { RefreshChains = minted.SelectMany(t => t).Take(chains).ToList() };
            }

            await s.Runner.RequestsAsync("refresh", "Refresh token grant (rotation: old token redeemed, new pair issued)", FreshChains, server, CeilingPost, warm: true, ct);
        }
        finally
        {
            CodeFlow.Dispose(sessions);
        }
    }

    private static async Task ResourceApiAsync(SuiteContext s, ServiceProcess authServer, CancellationToken ct)
    {
        await using var api = await Services.StartResourceApiAsync(authServer, s.LogFolder, ct);
        s.Report.Startups.Add(new StartupCase { Id = "startup-resourceapi", Title = "ResourceApi start" });
        s.Report.Startups[^1].Milliseconds.Add(api.StartupTime.TotalMilliseconds);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var idle = api.Memory().RssMb;
        s.Report.Startups[^1].IdleRssMb.Add(idle);

        // Its hot path is short (JwtBearer and a small endpoint): at tens of thousands of requests a second it is
        // fully tiered within the short warm-up.
        s.Runner.MarkWarm(api);

        var token = await s.ServiceTokenAsync(authServer, ct);
        var data = new Uri(api.BaseAddress, "api/data");
        using (var http = new HttpClient())
        using (var check = new HttpRequestMessage(HttpMethod.Get, data) { Headers = { { "Authorization", "Bearer " + token } } })
        using (var response = await http.SendAsync(check, ct))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET /api/data with a fresh token answered {(int)response.StatusCode}");
            }
        }

        await s.Runner.RequestsAsync("resourceapi-anonymous", "ResourceApi, anonymous GET /health (same app, no token)",
            () => Task.FromResult(LoadSpec.Get(new Uri(api.BaseAddress, "health"))), api, CeilingGet, warm: true, ct);
        await s.Runner.RequestsAsync("resourceapi-token", "ResourceApi, GET /api/data with a valid RS256 token (JwtBearer)",
            async () => LoadSpec.Get(data, new Dictionary<string, string> { ["Authorization"] = "Bearer " + await s.ServiceTokenAsync(authServer, ct) }),
            api, CeilingGet, warm: true, ct);
        s.Report.Memory.Add(new MemoryCase("ResourceApi", idle, api.Memory().PeakRssMb, "anonymous and token cases"));
    }

    /// <summary>Browsers that have signed in (and consented, the first time) once, so their session cookie is live.</summary>
    private static async Task<OAuthClient[]> SignedInSessionsAsync(ServiceProcess server, int count, CancellationToken ct)
    {
        var sessions = new OAuthClient[count];
        for (var i = 0; i < count; i++)
        {
            sessions[i] = CodeFlow.NewBrowser(server.BaseAddress);
            await CodeFlow.RunAsync(sessions[i], askConsent: false, ct);
        }

        return sessions;
    }

    public static void Locked(SuiteContext s, ServiceProcess server)
    {
        var locked = server.CountInLog("database is locked");
        var failures = server.CountInLog("fail:");
        s.Report.LockedLines += locked;
        s.Report.LoggedFailures += failures;
        s.Report.Notes.Add($"{server.Name}: {locked} \"database is locked\" lines, {failures} logged failures"
            + (s.Options.KeepWork ? $" (log: {server.LogPath})" : string.Empty));
    }

    public static async Task Guard(SuiteContext s, string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            s.Fail(what, exception);
        }
    }
}
