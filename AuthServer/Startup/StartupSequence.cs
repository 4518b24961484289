using AuthServer.Data;
using AuthServer.Hardening;
using AuthServer.Keys;
using AuthServer.Seeding;

namespace AuthServer.Startup;

/// <summary>
/// Everything the server does before it accepts a request, in order. It runs in <see cref="StartingAsync"/>, which
/// the host calls after validating every <c>ValidateOnStart</c> option and before any hosted service starts or
/// Kestrel listens, so nothing depends on where it is registered. A failure stops the host;
/// <see cref="StartupErrors"/> turns it into one message and exit code 1.
/// </summary>
internal sealed class StartupSequence(IServiceProvider services, StartupState state) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var step = scope.ServiceProvider;

        // 1. Validate settings. Options were validated by the host already; the seed file is read here, once, and
        //    the production checks refuse insecure settings (S3) before anything is written.
        var seed = step.GetRequiredService<SeedFile>().Load();
        step.GetRequiredService<ProductionChecks>().ThrowIfInsecure(seed.Document?.SecretDefaultsUsed ?? []);

        // 2. Migrate the database (an upgrade keeps existing data).
        await step.GetRequiredService<DatabaseMigration>().RunAsync(cancellationToken);

        // 3. Keys: load the signing and encryption keys, creating or rotating what is missing or due.
        await step.GetRequiredService<KeyRing>().InitializeAsync(cancellationToken);

        // 4. Seed: apply the file loaded in step 1 (an invalid file stops here, nothing written).
        await step.GetRequiredService<SeedStartupStep>().RunAsync(seed, cancellationToken);

        // 5. Ready: returning lets the host start its services and Kestrel; /health/ready answers 200 from now on.
        state.MarkStarted();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
