using System.Collections.Concurrent;
using AuthServer.Telemetry;
using Microsoft.Extensions.Options;

namespace AuthServer.Stores;

/// <summary>
/// Process-wide, short-lived copies of configuration entities (scopes by name set, applications by client id) that
/// OpenIddict reads on every request. Entries expire after <see cref="EntityCacheOptions.EntityCacheLifetime"/>;
/// <see cref="Clear"/> drops them all when this process changes such an entity.
/// </summary>
public sealed class EntitySnapshots<T>(TimeProvider clock, IOptions<EntityCacheOptions> options, AuthServerMetrics metrics) where T : class
{
    // "application" or "scope": the cache's name on the oauthsuite.cache.lookups counter.
    private static readonly string CacheName = typeof(T).Name.Replace("OpenIddictEntityFrameworkCore", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, T[] Values)> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Read before querying and handed to <see cref="Set"/>, so a result read before a change is never stored after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out T[] values)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            values = entry.Values;
            metrics.CacheLookup(CacheName, hit: true);
            return true;
        }

        metrics.CacheLookup(CacheName, hit: false);
        values = [];
        return false;
    }

    public void Set(string key, T[] values, long generation)
    {
        var lifetime = options.Value.EntityCacheLifetime;
        if (lifetime > TimeSpan.Zero && Generation == generation && (_entries.Count < MaxEntries || _entries.ContainsKey(key)))
        {
            _entries[key] = (clock.GetUtcNow() + lifetime, values);
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
