using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Clients;

/// <summary>
/// OpenIddict's application manager with cheap repeated secret checks: PBKDF2 (about 4 ms of CPU) runs once per
/// client and secret, then <see cref="VerifiedSecretCache"/> answers. The work factor stays as strong as it was.
/// Redirect URIs match by exact string, with the one exception RFC 8252 §7.3 makes for native apps.
/// </summary>
public sealed class CachingApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    VerifiedSecretCache verified)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    // A stored-hash look-alike for a random secret nobody knows; computed once per process.
    private static string? s_decoyComparand;

    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (verified.Contains(secret, comparand))
        {
            return true;
        }

        var valid = await base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        if (valid)
        {
            verified.Add(secret, comparand);
        }

        return valid;
    }

    /// <summary>
    /// Exact string match (RFC 9700 §4.1.3), or, for a public client only, a port-less loopback registration
    /// with any port (RFC 8252 §7.3, see <see cref="NativeRedirectUris"/>). OpenIddict's own relaxed comparison for
    /// "native" applications is not used: it also accepts <c>localhost</c> and compares parsed, normalized URIs.
    /// The token endpoint still requires the exact URI the authorization request used (OpenIddict compares it with
    /// the one stored in the code), so a code stays bound to the port it was sent to.
    /// </summary>
    public override async ValueTask<bool> ValidateRedirectUriAsync(
        OpenIddictEntityFrameworkCoreApplication application, string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentException.ThrowIfNullOrEmpty(uri);

        var registered = await GetRedirectUrisAsync(application, cancellationToken);
        if (registered.Contains(uri, StringComparer.Ordinal))
        {
            return true;
        }

        return await HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Public, cancellationToken)
            && registered.Any(candidate => NativeRedirectUris.MatchesWithAnyPort(candidate, uri));
    }

    /// <summary>
    /// Spends the same hashing work as checking a real client's wrong secret, for requests naming an unknown client:
    /// otherwise the fast rejection would tell an attacker which client ids exist.
    /// </summary>
    public async ValueTask SpendDecoyVerificationAsync(string secret, CancellationToken cancellationToken)
    {
        s_decoyComparand ??= await ObfuscateClientSecretAsync(Guid.NewGuid().ToString("N"), cancellationToken);
        await base.ValidateClientSecretAsync(secret, s_decoyComparand, cancellationToken);
    }
}
