using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using ResourceApi.Telemetry;

namespace ResourceApi.Auth;

/// <summary>
/// A valid token that fails a policy gets RFC 6750 §3.1 <c>insufficient_scope</c> with the scope the policy needs.
/// Anything else (no token, a bad token) goes to the default handler, which challenges JwtBearer.
/// </summary>
internal sealed partial class BearerAuthorizationResultHandler(ResourceApiMetrics metrics, ILogger<BearerAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        string? scope = null;
        string description;
        if (failed.OfType<ScopeRequirement>().Any())
        {
            // The scope attribute lists every scope the resource needs, not only the missing ones (§3).
            scope = string.Join(' ', policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope).Distinct(StringComparer.Ordinal));
            description = $"The token lacks the scope this resource needs: {scope}.";
        }
        else if (failed.OfType<UserRequirement>().Any())
        {
            description = "This resource needs a token issued to a user; a client acting for itself cannot use it.";
        }
        else
        {
            description = "The token does not grant access to this resource.";
        }

        metrics.Forbidden(scope is not null ? "insufficient_scope" : failed.OfType<UserRequirement>().Any() ? "user_required" : "other");
        LogForbidden(logger, context.Request.Path, scope ?? "(none)", context.User.FindFirst("client_id")?.Value ?? "(none)");
        return BearerErrors.WriteForbiddenAsync(context, scope, description);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Forbidden {Path}: scope needed {Scope}, client {ClientId}")]
    private static partial void LogForbidden(ILogger logger, PathString path, string scope, string clientId);
}
