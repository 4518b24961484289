using System.Diagnostics.Metrics;
using System.Net;
using AuthServer.Maintenance;
using AuthServer.Telemetry;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Tests.Telemetry;

/// <summary>
/// The <c>OAuthSuite.AuthServer</c> meter, read through the host's own <see cref="IMeterFactory"/> (so parallel
/// tests' hosts never mix in), while real requests go through the HTTP surface.
/// </summary>
public sealed class MetricsTests : IClassFixture<MetricsTests.Server>
{
    private readonly Server _server;

    public MetricsTests(Server server) => _server = server;

    public sealed class Server : AuthServerFactory;

    [Fact]
    public async Task TokensIssued_CountsTheCodeFlow_ByGrantTypeClientAndTokenType()
    {
        using var issued = Collect<long>("oauthsuite.tokens.issued");
        using var client = _server.CreateOAuthClient();

        var tokens = await client.LoginAndRedeemAsync();
        await client.RefreshAsync(tokens["refresh_token"]!);
        await client.ClientCredentialsAsync();

        var counts = issued.GetMeasurementSnapshot()
            .GroupBy(m => (Grant: Tag(m, "oauth.grant_type"), Client: Tag(m, "oauth.client_id"), Type: Tag(m, "oauth.token_type")))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(1, counts.GetValueOrDefault(("authorization_code", Seed.WebClient.Id, "authorization_code")));
        Assert.Equal(1, counts.GetValueOrDefault(("authorization_code", Seed.WebClient.Id, "access_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("authorization_code", Seed.WebClient.Id, "refresh_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("authorization_code", Seed.WebClient.Id, "id_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("refresh_token", Seed.WebClient.Id, "access_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("refresh_token", Seed.WebClient.Id, "refresh_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("refresh_token", Seed.WebClient.Id, "id_token")));
        Assert.Equal(1, counts.GetValueOrDefault(("client_credentials", Seed.Service.Id, "access_token")));
        Assert.Equal(8, counts.Values.Sum());
    }

    [Fact]
    public async Task TokenErrors_CountABadGrant_ByItsOAuthErrorCode()
    {
        using var errors = Collect<long>("oauthsuite.token.errors");
        using var issued = Collect<long>("oauthsuite.tokens.issued");
        using var client = _server.CreateOAuthClient();

        var (_, verifier) = OAuthClient.NewPkce();
        var bad = await client.RedeemAsync("not-a-real-code", verifier);
        var unsupported = await client.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "x" },
            Seed.WebClient.Id, Seed.WebClient.Secret);

        Assert.Equal("invalid_grant", bad.Error);
        Assert.Equal("unsupported_grant_type", unsupported.Error);
        var byCode = errors.GetMeasurementSnapshot().GroupBy(m => Tag(m, "oauth.error")).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var seen = string.Join(", ", byCode.Select(e => $"{e.Key}={e.Value}"));
        Assert.True(byCode.GetValueOrDefault("invalid_grant") == 1, seen);
        Assert.True(byCode.GetValueOrDefault("unsupported_grant_type") == 1, seen);
        Assert.Empty(issued.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task SignIns_CountFailureAndSuccess_AndConsentGrantedAndDenied()
    {
        using var signIns = Collect<long>("oauthsuite.sign_ins");
        using var consents = Collect<long>("oauthsuite.consents");
        using var client = _server.CreateOAuthClient();

        var login = await client.FollowAsync("/account/login");
        var failed = await client.LoginAsync(login, Seed.User.Username, "Wrong-Password-42");
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        var (_, challenge) = OAuthClient.NewPkce();
        // prompt=consent: the page is shown even though another test may already have consented for alice.
        var request = OAuthClient.CodeRequest(challenge);
        request["prompt"] = "consent";
        await client.AuthorizeAsync(request, allow: true);
        await client.AuthorizeAsync(request, allow: false);

        var results = signIns.GetMeasurementSnapshot().GroupBy(m => Tag(m, "oauthsuite.sign_in.result")).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(1, results.GetValueOrDefault("failure"));
        Assert.Equal(1, results.GetValueOrDefault("success"));
        var answers = consents.GetMeasurementSnapshot().GroupBy(m => Tag(m, "oauthsuite.consent.result")).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(1, answers.GetValueOrDefault("granted"));
        Assert.Equal(1, answers.GetValueOrDefault("denied"));
    }

    [Fact]
    public async Task CacheLookups_CountMissThenHit_AndTokenWriteBatchesRecordSizeAndDuration()
    {
        using var lookups = Collect<long>("oauthsuite.cache.lookups");
        using var sizes = Collect<int>("oauthsuite.token_writes.batch.size");
        using var durations = Collect<double>("oauthsuite.token_writes.batch.duration");
        using var client = _server.CreateOAuthClient();

        await client.ClientCredentialsAsync();
        await client.ClientCredentialsAsync();

        var applications = lookups.GetMeasurementSnapshot().Where(m => Tag(m, "oauthsuite.cache.name") == "application").ToList();
        Assert.Contains(applications, m => Tag(m, "oauthsuite.cache.result") == "hit");
        Assert.Contains(lookups.GetMeasurementSnapshot(), m => Tag(m, "oauthsuite.cache.name") == "scope");
        // Client-credentials access tokens are stored rows (revocable): at least one committed batch of one or more.
        Assert.NotEmpty(sizes.GetMeasurementSnapshot());
        Assert.All(sizes.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 1, 256));
        Assert.All(durations.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 60));
        Assert.Equal(sizes.GetMeasurementSnapshot().Count, durations.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task ActiveKeyAge_IsObserved_AndPruneRecordsCounts()
    {
        using var age = Collect<double>("oauthsuite.keys.active_key.age");
        using var pruned = Collect<long>("oauthsuite.tokens.pruned");

        age.RecordObservableInstruments();
        var job = _server.Services.GetServices<IHostedService>().OfType<PruneJob>().Single();
        await job.PruneOnceAsync(CancellationToken.None);

        var observed = Assert.Single(age.GetMeasurementSnapshot());
        Assert.InRange(observed.Value, 0, TimeSpan.FromDays(1).TotalSeconds);
        Assert.Single(pruned.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task RateLimitRejections_AreCounted_ByPolicy()
    {
        using var server = new AuthServerFactory().With("AuthServer:RateLimits:TokenPermits", "2");
        using var rejections = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), AuthServerMetrics.Name, "oauthsuite.rate_limit.rejections");
        using var client = server.CreateOAuthClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.ClientCredentialsAsync()).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var measurement = Assert.Single(rejections.GetMeasurementSnapshot());
        Assert.Equal("token", Tag(measurement, "oauthsuite.rate_limit.policy"));
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_server.Services.GetRequiredService<IMeterFactory>(), AuthServerMetrics.Name, instrument);

    private static string Tag<T>(CollectedMeasurement<T> measurement, string name)
        where T : struct => measurement.Tags.TryGetValue(name, out var value) ? value as string ?? "" : "";
}
