namespace AuthServer.Startup;

/// <summary>Where the server is in its life: the startup sequence finished (migrated, keys loaded, seed applied), or it is stopping.</summary>
public sealed class StartupState
{
    private volatile bool _started;

    public bool Started => _started;

    internal void MarkStarted() => _started = true;
}
