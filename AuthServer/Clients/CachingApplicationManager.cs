using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Clients;

/// <summary>
/// OpenIddict's application manager with cheap repeated secret checks: PBKDF2 (about 4 ms of CPU) runs once per
/// client and secret, then <see cref="VerifiedSecretCache"/> answers. The work factor stays as strong as it was.
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
    /// Spends the same hashing work as checking a real client's wrong secret, for requests naming an unknown client:
    /// otherwise the fast rejection would tell an attacker which client ids exist.
    /// </summary>
    public async ValueTask SpendDecoyVerificationAsync(string secret, CancellationToken cancellationToken)
    {
        s_decoyComparand ??= await ObfuscateClientSecretAsync(Guid.NewGuid().ToString("N"), cancellationToken);
        await base.ValidateClientSecretAsync(secret, s_decoyComparand, cancellationToken);
    }
}
