using AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace AuthServer.TokenFamilies;

/// <summary>
/// <c>dotnet run --project AuthServer -- sessions revoke USER [CLIENT_ID]</c>: withdraws the user's consent and ends
/// every sign-in (token family) they have with that client, or with every client. Their refresh tokens stop at once;
/// access tokens already issued stay valid at the API until they expire (minutes). Exit codes: 0 done, 1 unknown user
/// or client, 2 wrong arguments.
/// </summary>
internal static class SessionsCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["sessions", "revoke", var userName, .. var rest] || rest.Length > 1)
        {
            await Console.Error.WriteLineAsync("usage: AuthServer sessions revoke USER [CLIENT_ID]");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.MigrateAsync();
        var clientId = rest.FirstOrDefault();
        var (found, revoked) = await RevokeAsync(scope.ServiceProvider, userName, clientId, CancellationToken.None);
        if (!found)
        {
            await Console.Error.WriteLineAsync($"No user '{userName}'{(clientId is null ? string.Empty : $" or no client '{clientId}'")}.");
            return 1;
        }

        Console.WriteLine($"Revoked {revoked.Authorizations} authorizations (consent and sign-ins) and {revoked.Tokens} tokens of {userName}{(clientId is null ? string.Empty : $" with {clientId}")}.");
        return 0;
    }

    /// <summary>
    /// Every authorization of the user (with the client), permanent (the consent) and ad-hoc (one per sign-in) alike,
    /// and every token attached to them: OpenIddict checks both on each use.
    /// </summary>
    public static async Task<(bool Found, (long Authorizations, long Tokens) Revoked)> RevokeAsync(
        IServiceProvider services, string userName, string? clientId, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var user = await users.FindByNameAsync(userName);
        var application = clientId is null ? null : await applications.FindByClientIdAsync(clientId, ct);
        if (user is null || (clientId is not null && application is null))
        {
            return (false, default);
        }

        var subject = await users.GetUserIdAsync(user);
        var applicationId = application is null ? null : await applications.GetIdAsync(application, ct);
        var authorizations = await services.GetRequiredService<IOpenIddictAuthorizationManager>().RevokeAsync(subject, applicationId, status: null, type: null, ct);
        var tokens = await services.GetRequiredService<IOpenIddictTokenManager>().RevokeAsync(subject, applicationId, status: null, type: null, ct);
        return (true, (authorizations, tokens));
    }
}
