using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace AuthServer.OAuth;

/// <summary>
/// RFC 6749 §4.1.2.1: a scope the client may not ask for is <c>invalid_scope</c> ("the requested scope is invalid,
/// unknown, or malformed"). OpenIddict 7.8 answers a registered scope the client lacks the permission for, and
/// <c>offline_access</c> without the refresh-token grant, with <c>invalid_request</c>; the same checks run here
/// first with the right code. Protocol scopes follow OpenIddict's rules: <c>openid</c> needs no permission,
/// <c>offline_access</c> needs the refresh-token grant.
/// </summary>
internal sealed class UnpermittedScopes(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .AddFilter<RequireScopePermissionsEnabled>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseScopedHandler<UnpermittedScopes>()
            .SetOrder(ValidateGrantTypePermissions.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var ct = context.CancellationToken;
        if (string.IsNullOrEmpty(context.ClientId) || await applications.FindByClientIdAsync(context.ClientId, ct) is not { } application)
        {
            return; // OpenIddict's own handlers reject these.
        }

        foreach (var scope in context.Request.GetScopes())
        {
            var permission = scope switch
            {
                Scopes.OpenId => null,
                Scopes.OfflineAccess => context.Options.IgnoreGrantTypePermissions ? null : Permissions.GrantTypes.RefreshToken,
                _ => Permissions.Prefixes.Scope + scope,
            };
            if (permission is not null && !await applications.HasPermissionAsync(application, permission, ct))
            {
                context.Reject(Errors.InvalidScope, $"This client application is not allowed to use the '{scope}' scope.");
                return;
            }
        }
    }
}
