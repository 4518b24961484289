using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// The token endpoint after OpenIddict has authenticated the client and validated the grant (PKCE verifier,
/// code, device code and refresh token redemption, rotation; RFC 8628 §3.4 pending/denied/expired answers). What is left: re-check the user and decide the claims.
/// </summary>
internal static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", ExchangeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext context,
        UserManager<IdentityUser> users,
        SignInManager<IdentityUser> signIn,
        IOpenIddictScopeManager scopes,
        IOpenIddictApplicationManager applications,
        TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            return OAuthResults.Forbid(Errors.InvalidRequest, "The token request could not be read.");
        }

        var ct = context.RequestAborted;
        if (request.IsClientCredentialsGrantType())
        {
            var identity = await Principals.ForClientAsync(request.ClientId!, request.GetScopes(), scopes, ct);
            return OAuthResults.SignIn(new ClaimsPrincipal(identity));
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsDeviceCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var redeemed = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = redeemed.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;

            // The grant outlives the sign-in: a deleted or locked-out user gets no new tokens (RFC 6749 §6).
            if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            {
                return OAuthResults.Forbid(Errors.InvalidGrant, "The user is no longer allowed to sign in.");
            }

            // Claims are rebuilt from the user's current profile, but scopes and audiences stay those granted.
            var identity = await Principals.ForUserAsync(user, users, redeemed.Principal!.GetScopes(), scopes, ct);
            identity.SetAuthorizationId(redeemed.Principal!.GetAuthorizationId());
            if (await RefreshTokenLimits.ApplyAsync(identity, redeemed.Principal!, request, applications, context.Settings(), clock, ct) is { } expired)
            {
                return OAuthResults.Forbid(Errors.InvalidGrant, expired);
            }

            return OAuthResults.SignIn(new ClaimsPrincipal(identity));
        }

        return OAuthResults.Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }
}
