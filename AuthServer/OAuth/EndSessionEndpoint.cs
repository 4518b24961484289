using AuthServer.Pages;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth;

/// <summary>
/// RP-initiated logout. OpenIddict has already checked <c>post_logout_redirect_uri</c> against the client's
/// registered URIs; this ends the session. Without an <c>id_token_hint</c> the user confirms first, so a
/// third-party page cannot silently sign people out.
/// </summary>
internal static class EndSessionEndpoint
{
    private const string ConfirmField = "confirm_logout";

    public static IEndpointRouteBuilder MapEndSessionEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var request = context.GetOpenIddictServerRequest();
        var confirmed = HttpMethods.IsPost(context.Request.Method) && (string?)request?[ConfirmField] == "yes"
            && await antiforgery.IsRequestValidAsync(context);
        if (string.IsNullOrEmpty(request?.IdTokenHint) && !confirmed)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var hidden = string.Concat((request?.GetParameters() ?? new Dictionary<string, OpenIddictParameter>()).Select(p => Html.Hidden(p.Key, (string?)p.Value)));
            return Html.Page("Sign out", $"""
                <h1>Sign out of OAuthSuite?</h1>
                <form method="post" action="/connect/endsession">
                {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}
                {hidden}
                <button type="submit" class="primary" name="{ConfirmField}" value="yes">Sign out</button>
                </form>
                """);
        }

        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
