using AuthServer.Maintenance;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace AuthServer.Admin;

/// <summary>
/// <c>tokens revoke --client ID | --user NAME | --id TOKEN_ID</c> marks stored tokens (and, for a client or user, their
/// authorizations) revoked: introspection answers inactive and refresh tokens stop working at once. JWT access tokens
/// already handed to an API stay valid there until they expire (minutes). <c>tokens prune</c> runs the prune job now.
/// </summary>
internal static class TokensCommand
{
    private const string Usage = "AuthServer tokens revoke --client CLIENT_ID | tokens revoke --user NAME | tokens revoke --id TOKEN_ID | tokens prune";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var tokens = services.GetRequiredService<IOpenIddictTokenManager>();
        var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
        switch (args)
        {
            case ["revoke", "--client", var clientId]:
                var application = await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId);
                if (application is null)
                {
                    return await AdminCommands.FailAsync($"No client with client_id '{clientId}' (see `AuthServer clients list`).");
                }

                var applicationId = await services.GetRequiredService<IOpenIddictApplicationManager>().GetIdAsync(application);
                var byClient = await tokens.RevokeByApplicationIdAsync(applicationId!);
                var byClientAuthorizations = await authorizations.RevokeByApplicationIdAsync(applicationId!);
                Console.WriteLine($"Revoked {byClient} tokens and {byClientAuthorizations} authorizations of client '{clientId}'.");
                return 0;

            case ["revoke", "--user", var name]:
                // The subject of a user's tokens is the Identity user id (OAuth/Principals).
                var user = await services.GetRequiredService<UserManager<IdentityUser>>().FindByNameAsync(name);
                if (user is null)
                {
                    return await AdminCommands.FailAsync($"No user named '{name}'.");
                }

                var byUser = await tokens.RevokeBySubjectAsync(user.Id);
                var byUserAuthorizations = await authorizations.RevokeBySubjectAsync(user.Id);
                Console.WriteLine($"Revoked {byUser} tokens and {byUserAuthorizations} authorizations of user '{name}'.");
                return 0;

            case ["revoke", "--id", var tokenId]:
                var token = await tokens.FindByIdAsync(tokenId);
                if (token is null)
                {
                    return await AdminCommands.FailAsync($"No stored token with id '{tokenId}' (the `oi_tkn_id` claim of an access token, or the id introspection reports).");
                }

                if (!await tokens.TryRevokeAsync(token))
                {
                    return await AdminCommands.FailAsync($"Token '{tokenId}' could not be revoked (it changed concurrently); try again.");
                }

                Console.WriteLine($"Revoked token '{tokenId}'.");
                return 0;

            case ["prune"]:
                var threshold = services.GetRequiredService<TimeProvider>().GetUtcNow() - services.GetRequiredService<IOptions<PruneOptions>>().Value.MinimumAge;
                var (prunedTokens, prunedAuthorizations) = await PruneJob.PruneAsync(services, threshold, CancellationToken.None);
                Console.WriteLine($"Pruned {prunedTokens} tokens and {prunedAuthorizations} authorizations no longer usable and created before {threshold:u}.");
                return 0;

            default:
                return await AdminCommands.UsageAsync(Usage);
        }
    }
}
