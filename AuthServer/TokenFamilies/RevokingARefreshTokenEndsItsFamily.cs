using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.TokenFamilies;

/// <summary>
/// RFC 7009 §2.1: when a refresh token is revoked, the server may also revoke the access tokens of the same grant.
/// OpenIddict revokes only the token sent; this ends its family (the sign-in): the family's authorization and every
/// token in it, so its access tokens introspect inactive and nothing can refresh from it again. Other sign-ins and the
/// user's consent are untouched. Revoking an access token still revokes only that token; a token that is already
/// redeemed, revoked or unknown never gets here (RFC 7009 §2.2: 200, no change).
/// </summary>
internal sealed class RevokingARefreshTokenEndsItsFamily(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
        .UseScopedHandler<RevokingARefreshTokenEndsItsFamily>()
        .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.GenericTokenPrincipal;
        if (principal is null || !principal.HasTokenType(TokenTypeIdentifiers.RefreshToken) || principal.GetAuthorizationId() is not { Length: > 0 } id)
        {
            return;
        }

        // Only a family: a token still attached to the shared consent (issued before families existed) is revoked alone.
        var authorization = await authorizations.FindByIdAsync(id, context.CancellationToken);
        if (authorization is not null && await authorizations.HasTypeAsync(authorization, AuthorizationTypes.AdHoc, context.CancellationToken))
        {
            await authorizations.TryRevokeAsync(authorization, context.CancellationToken);
            await tokens.RevokeByAuthorizationIdAsync(id, context.CancellationToken);
        }
    }
}
