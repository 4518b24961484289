using System.Diagnostics;
using AuthServer.Telemetry;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace AuthServer.Maintenance;

/// <summary>
/// Removes tokens and authorizations that can no longer be used (expired, redeemed, revoked, or ad-hoc with no
/// token left) and are older than <see cref="PruneOptions.MinimumAge"/>, through OpenIddict's managers. It runs off
/// the request path on a timer; each of OpenIddict's prune statements deletes at most 1,000 rows, so a request that
/// needs the write lock waits for one batch at most, never for the whole prune.
/// </summary>
internal sealed partial class PruneJob(
    IServiceScopeFactory scopes, IOptionsMonitor<PruneOptions> options, TimeProvider clock, AuthServerMetrics metrics, ILogger<PruneJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(options.CurrentValue.FirstRunDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(options.CurrentValue.Interval, clock);
            do
            {
                await PruneOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass; a failure is logged and the next pass tries again.</summary>
    public async Task PruneOnceAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() - options.CurrentValue.MinimumAge;
        using var span = AuthServerMetrics.Source.StartActivity("oauthsuite.prune");
        var elapsed = Stopwatch.StartNew();
        LogPruning(logger, threshold);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var (tokens, authorizations) = await PruneAsync(scope.ServiceProvider, threshold, cancellationToken);
            metrics.Pruned(tokens, authorizations);
            LogPruned(logger, tokens, authorizations, elapsed.Elapsed.TotalSeconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPruneFailed(logger, exception);
        }
    }

    /// <summary>One pass over tokens, then authorizations (an ad-hoc authorization goes once its last token has); also <c>AuthServer tokens prune</c>.</summary>
    public static async Task<(long Tokens, long Authorizations)> PruneAsync(IServiceProvider scopedServices, DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        var tokens = await scopedServices.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scopedServices.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        return (tokens, authorizations);
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Pruning tokens and authorizations created before {Threshold:u}")]
    private static partial void LogPruning(ILogger logger, DateTimeOffset threshold);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations in {Seconds:0.0} s")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations, double seconds);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "Pruning failed; the next run tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
