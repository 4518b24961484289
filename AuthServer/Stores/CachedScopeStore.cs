using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Stores;

/// <summary>
/// OpenIddict's EF Core scope store with <see cref="FindByNamesAsync"/> answered from a short-lived process-wide
/// cache. Every token request looks its scopes up twice (validation, then the audiences for the token), and those
/// two small queries were 14 % of the token endpoint's CPU. Scopes are configuration: they change when the seed is
/// applied. A change made through this process clears the cache at once; one made by another process (the
/// <c>seed</c> verb) is seen within <see cref="EntityCacheOptions.EntityCacheLifetime"/>.
/// <para>
/// Misses query through a plain array: the stock query captures an <see cref="ImmutableArray{T}"/>, a struct EF Core
/// cannot read as a parameter, so it compiles and runs it through the expression interpreter on every execution.
/// </para>
/// </summary>
public sealed class CachedScopeStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    EntitySnapshots<OpenIddictEntityFrameworkCoreScope> snapshots)
    : OpenIddictEntityFrameworkCoreScopeStore(cache, context, options)
{
    public override IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        if (names.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Scope names cannot be null or empty.", nameof(names));
        }

        return FindAsync(names.ToArray(), cancellationToken);
    }

    private async IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindAsync(string[] names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = string.Join('\n', names.Order(StringComparer.Ordinal));
        if (!snapshots.TryGet(key, out var found))
        {
            var generation = snapshots.Generation;
            var db = await Context.GetDbContextAsync(cancellationToken);
            found = await db.Set<OpenIddictEntityFrameworkCoreScope>().AsNoTracking()
                .Where(scope => Enumerable.Contains(names, scope.Name))
                .ToArrayAsync(cancellationToken);
            snapshots.Set(key, found, generation);
        }

        foreach (var scope in found)
        {
            // A copy per caller: no two requests ever share (or attach) one entity instance.
            yield return Copy(scope);
        }
    }

    private static OpenIddictEntityFrameworkCoreScope Copy(OpenIddictEntityFrameworkCoreScope scope) => new()
    {
        Id = scope.Id,
        ConcurrencyToken = scope.ConcurrencyToken,
        Description = scope.Description,
        Descriptions = scope.Descriptions,
        DisplayName = scope.DisplayName,
        DisplayNames = scope.DisplayNames,
        Name = scope.Name,
        Properties = scope.Properties,
        Resources = scope.Resources,
    };

    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken)
    {
        await base.CreateAsync(scope, cancellationToken);
        snapshots.Clear();
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken)
    {
        await base.UpdateAsync(scope, cancellationToken);
        snapshots.Clear();
    }

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken)
    {
        await base.DeleteAsync(scope, cancellationToken);
        snapshots.Clear();
    }
}
