using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ResourceApi.Auth;

/// <summary>
/// The token's <c>scope</c> claim must contain <see cref="Scope"/>. RFC 9068 §2.2.3 puts all scopes in one
/// space-separated string, so <c>RequireClaim("scope", "api.read")</c> would fail for <c>"api.read api.write"</c>.
/// </summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    public static IEnumerable<string> ScopesOf(ClaimsPrincipal user) =>
        user.FindAll("scope").SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (ScopesOf(context.User).Contains(requirement.Scope, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The token must speak for a user. A client-credentials token has <c>sub</c> equal to its <c>client_id</c>
/// (the client acting for itself); any other subject is a user the client acts for.
/// </summary>
public sealed class UserRequirement : AuthorizationHandler<UserRequirement>, IAuthorizationRequirement
{
    public static bool IsUser(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value is { Length: > 0 } subject
        && user.FindFirst("client_id")?.Value is { Length: > 0 } clientId
        && !string.Equals(subject, clientId, StringComparison.Ordinal);

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UserRequirement requirement)
    {
        if (IsUser(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
