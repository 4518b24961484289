using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>Builds the identities OpenIddict turns into tokens, and decides which claim goes into which token.</summary>
internal static class Principals
{
    /// <summary>A user's identity with the claims their granted scopes allow.</summary>
    public static async Task<ClaimsIdentity> ForUserAsync(
        IdentityUser user, UserManager<IdentityUser> users, ImmutableArray<string> scopes,
        IOpenIddictScopeManager scopeManager, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Name, (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == Claims.Name)?.Value ?? user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed);

        await ScopeAsync(identity, scopes, scopeManager, cancellationToken);
        return identity;
    }

    /// <summary>A client acting for itself (client credentials): the subject is the client id.</summary>
    public static async Task<ClaimsIdentity> ForClientAsync(
        string clientId, ImmutableArray<string> scopes, IOpenIddictScopeManager scopeManager, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        await ScopeAsync(identity, scopes, scopeManager, cancellationToken);
        return identity;
    }

    /// <summary>Scopes, the audiences behind them (RFC 9068 <c>aud</c>), and each claim's destinations.</summary>
    private static async Task ScopeAsync(ClaimsIdentity identity, ImmutableArray<string> scopes, IOpenIddictScopeManager scopeManager, CancellationToken cancellationToken)
    {
        identity.SetScopes(scopes);
        var resources = new List<string>();
        await foreach (var resource in scopeManager.ListResourcesAsync(scopes, cancellationToken))
        {
            resources.Add(resource);
        }

        identity.SetResources(resources.Distinct(StringComparer.Ordinal));
        identity.SetDestinations(claim => Destinations(claim, identity));
    }

    // Profile and email claims reach a token only when their scope was granted (OIDC Core §5.4).
    private static IEnumerable<string> Destinations(Claim claim, ClaimsIdentity identity) => claim.Type switch
    {
        Claims.Subject => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Name or Claims.PreferredUsername when identity.HasScope(Scopes.Profile) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Email or Claims.EmailVerified when identity.HasScope(Scopes.Email) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        // Never copy internal claims such as the Identity security stamp into tokens.
        _ => [],
    };
}
