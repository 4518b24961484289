using System.Collections.Frozen;
using AuthServer.Stores;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Cors;

/// <summary>
/// Every origin registered for any client, read through the application manager and kept as long as the client
/// cache keeps a client (<see cref="EntityCacheOptions.EntityCacheLifetime"/>). A change made by this process
/// (the seed at start-up) bumps the client cache's generation, which drops this copy at once too.
/// </summary>
public sealed class RegisteredOrigins(
    IServiceScopeFactory scopes,
    EntitySnapshots<OpenIddictEntityFrameworkCoreApplication> clients,
    TimeProvider clock,
    IOptions<EntityCacheOptions> options) : IDisposable
{
    private sealed record Snapshot(long Generation, DateTimeOffset Expires, FrozenSet<string> Origins);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async ValueTask<FrozenSet<string>> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_snapshot) is { } origins)
        {
            return origins;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_snapshot) is { } loaded)
            {
                return loaded;
            }

            var generation = clients.Generation;
            var snapshot = new Snapshot(generation, clock.GetUtcNow() + options.Value.EntityCacheLifetime, await LoadAsync(cancellationToken));
            _snapshot = snapshot;
            return snapshot.Origins;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private FrozenSet<string>? Fresh(Snapshot? snapshot) =>
        snapshot is not null && snapshot.Generation == clients.Generation && snapshot.Expires > clock.GetUtcNow() ? snapshot.Origins : null;

    private async Task<FrozenSet<string>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var origins = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            origins.UnionWith(ClientOrigins.Read(await applications.GetPropertiesAsync(application, cancellationToken)));
        }

        return origins.ToFrozenSet(StringComparer.Ordinal);
    }
}
