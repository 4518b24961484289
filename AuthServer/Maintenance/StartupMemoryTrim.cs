using System.Runtime;

namespace AuthServer.Maintenance;

/// <summary>
/// Starting up allocates far more than serving does (EF Core builds its model, migrations and the seed run, every
/// first query is compiled); the GC keeps that memory committed for later. Once the server has answered its first
/// requests, one aggressive, compacting collection hands it back to the operating system, so an idle server sits at
/// its working set instead of its startup peak.
/// </summary>
internal sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(lifetime.ApplicationStarted, stoppingToken);
            await Task.Delay(Delay, clock, stoppingToken);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before it ran.
        }
    }

    private static Task WhenStartedAsync(CancellationToken started, CancellationToken stopping)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.Register(() => signal.TrySetResult());
        stopping.Register(() => signal.TrySetCanceled(stopping));
        return signal.Task;
    }
}
