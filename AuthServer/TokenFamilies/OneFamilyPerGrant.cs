using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.TokenFamilies;

/// <summary>
/// A token family is one grant: every authorization code, device code or refresh token that would be attached to a
/// permanent authorization (the user's remembered consent, shared by all their sign-ins to the client) is attached to
/// a new ad-hoc authorization instead, which OpenIddict's own <c>AttachAuthorization</c> creates for the same user,
/// client and scopes. OpenIddict's reuse detection revokes "the tokens of the authorization", so a replayed code
/// (RFC 6749 §4.1.2) or refresh token (RFC 9700 §4.14.2) now ends that one sign-in, not every device's session.
/// Refreshes keep the family (their principal already carries the ad-hoc id). A token issued before this rule
/// existed moves to a family of its own at its next refresh.
/// </summary>
internal sealed class OneFamilyPerGrant(IOpenIddictAuthorizationManager authorizations) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireAuthorizationStorageEnabled>()
        .UseScopedHandler<OneFamilyPerGrant>()
        // After OpenIddict has decided which tokens it generates, before it attaches (or creates) the authorization.
        .SetOrder(OpenIddictServerHandlers.AttachAuthorization.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var startsOrContinuesAChain = context.GenerateAuthorizationCode || context.GenerateDeviceCode || context.GenerateRefreshToken;
        if (!startsOrContinuesAChain || context.Principal?.GetAuthorizationId() is not { Length: > 0 } id)
        {
            return;
        }

        var authorization = await authorizations.FindByIdAsync(id, context.CancellationToken);
        if (authorization is not null && await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, context.CancellationToken))
        {
            context.Principal.SetAuthorizationId(null);
        }
    }
}
