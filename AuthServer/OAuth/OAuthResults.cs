using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth;

/// <summary>OAuth results go back through OpenIddict, which shapes them per RFC 6749 (JSON or redirect).</summary>
internal static class OAuthResults
{
    public static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    public static IResult SignIn(System.Security.Claims.ClaimsPrincipal principal) =>
        Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
