using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.TokenFamilies;

/// <summary>
/// Reuse detection belongs where a token is redeemed (the token endpoint, the device verification page), not where
/// it is looked at. OpenIddict's <c>ValidateTokenEntry</c> runs for every token it validates, and on a redeemed token
/// it revokes every token of the authorization, even when the caller is only introspecting (RFC 7662 §2: a read
/// that says whether a token is active) or revoking (RFC 7009 §2.2: an invalid token is answered 200 and nothing
/// else). Here a redeemed token is simply invalid at those two endpoints: introspection answers <c>active: false</c>,
/// revocation answers 200, and nothing else changes.
/// </summary>
internal sealed class RedeemedTokensAreInactiveOnRead(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenIdResolved>()
        .UseScopedHandler<RedeemedTokensAreInactiveOnRead>()
        // Signature, type and expiry are checked already; OpenIddict's entry check (and its reuse detection) comes next.
        .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not (OpenIddictServerEndpointType.Introspection or OpenIddictServerEndpointType.Revocation))
        {
            return;
        }

        var token = await tokens.FindByIdAsync(context.TokenId!, context.CancellationToken);
        if (token is not null && await tokens.HasStatusAsync(token, Statuses.Redeemed, context.CancellationToken))
        {
            context.Reject(Errors.InvalidToken, "The token has already been redeemed.");
        }
    }
}
