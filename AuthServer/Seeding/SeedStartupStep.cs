namespace AuthServer.Seeding;

/// <summary>
/// Startup step 4: applies the already-loaded seed file in one transaction. An invalid file, or a write the stores
/// refuse, stops the host with the list of errors (<see cref="SeedException"/>).
/// </summary>
internal sealed partial class SeedStartupStep(IServiceProvider scopedServices, ILogger<SeedStartupStep> logger)
{
    public async Task RunAsync(SeedLoadResult seed, CancellationToken cancellationToken)
    {
        foreach (var change in await SeedRunner.ApplyAsync(scopedServices, seed, dryRun: false, cancellationToken))
        {
            LogChange(logger, change);
        }
    }

    // Event id from before the seeding range (1100-1199) existed; kept so existing log searches still match.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Seed: {Change}")]
    private static partial void LogChange(ILogger logger, string change);
}
