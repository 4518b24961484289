using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthServer.Keys;

/// <summary>
/// Re-reads the key table every <see cref="KeyOptions.RefreshInterval"/> and at each scheduled key change, so a
/// rotation started on another node or by the CLI takes effect everywhere without a restart. When the keys in
/// force change, OpenIddict's options are rebuilt on the next request.
/// </summary>
internal sealed partial class KeyRingRefresher(
    KeyRing ring,
    IOptions<KeyOptions> options,
    IOptionsMonitorCache<OpenIddictServerOptions> openIddictOptions,
    TimeProvider clock,
    ILogger<KeyRingRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ring.Changed += () => openIddictOptions.TryRemove(Options.DefaultName);
        while (!stoppingToken.IsCancellationRequested)
        {
            var untilChange = ring.Current.NextChange - clock.GetUtcNow();
            var wait = untilChange < options.Value.RefreshInterval ? untilChange : options.Value.RefreshInterval;
            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, clock, stoppingToken);
                await ring.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database hiccup must not stop future refreshes; the keys in force stay as they were.
                LogRefreshFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Key ring refresh failed; keeping the current keys")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
