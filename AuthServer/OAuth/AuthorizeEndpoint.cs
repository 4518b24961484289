using System.Security.Claims;
using AuthServer.Account;
using AuthServer.Consent;
using AuthServer.Pages;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using AuthServer.Telemetry;

namespace AuthServer.OAuth;

/// <summary>
/// The authorization endpoint after OpenIddict has validated the request (client, redirect URI, PKCE, scopes):
/// sign the user in, ask for consent when the client needs it, then issue the code through OpenIddict.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static IEndpointRouteBuilder MapAuthorizeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context,
        UserManager<IdentityUser> users,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictScopeManager scopes,
        IAntiforgery antiforgery,
        AuthServerMetrics metrics)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            return ErrorPage.Render(Errors.InvalidRequest, "The authorization request could not be read.");
        }

        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login) || IsTooOld(session, request))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OAuthResults.Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Redirect($"{LoginPage.Path}?returnUrl={Uri.EscapeDataString(ReturnUrl(context, request))}");
        }

        var ct = context.RequestAborted;
        var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
        if (application is null)
        {
            return ErrorPage.Render(Errors.InvalidClient, "The client application is not registered.");
        }

        var userId = await users.GetUserIdAsync(user);
        var applicationId = await applications.GetIdAsync(application, ct) ?? request.ClientId!;
        var existing = await FirstAsync(authorizations.FindAsync(userId, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, request.GetScopes(), ct));
        var decision = HttpMethods.IsPost(context.Request.Method) ? (string?)request[ConsentPage.DecisionField] : null;

        if (decision is not null && !await antiforgery.IsRequestValidAsync(context))
        {
            return ErrorPage.Render(Errors.InvalidRequest, "The consent form expired or was not sent by this server. Start again.");
        }

        switch (await applications.GetConsentTypeAsync(application, ct))
        {
            case var _ when decision == ConsentPage.Deny:
                metrics.Consent(AuthServerMetrics.ConsentResults.Denied);
                return OAuthResults.Forbid(Errors.AccessDenied, "The user denied the authorization request.");

            case ConsentTypes.Explicit when decision != ConsentPage.Allow && (existing is null || request.HasPromptValue(PromptValues.Consent)):
                if (request.HasPromptValue(PromptValues.None))
                {
                    return OAuthResults.Forbid(Errors.ConsentRequired, "The user has not yet consented to this client.");
                }

                var clientName = await applications.GetLocalizedDisplayNameAsync(application, ct) ?? request.ClientId!;
                return await ConsentPage.RenderAsync(context, request, clientName, user.UserName ?? userId, scopes);

            case ConsentTypes.Explicit or ConsentTypes.Implicit:
                if (decision == ConsentPage.Allow)
                {
                    metrics.Consent(AuthServerMetrics.ConsentResults.Granted);
                }

                var identity = await Principals.ForUserAsync(user, users, request.GetScopes(), scopes, ct);
                // Remember the consent (a permanent authorization) so the next request skips the page. The code and
                // the tokens redeemed from it get a family of their own (TokenFamilies/OneFamilyPerGrant).
                existing ??= await authorizations.CreateAsync(new ClaimsPrincipal(identity), userId, applicationId,
                    AuthorizationTypes.Permanent, identity.GetScopes(), ct);
                identity.SetAuthorizationId(await authorizations.GetIdAsync(existing, ct));
                return OAuthResults.SignIn(new ClaimsPrincipal(identity));

            default:
                return OAuthResults.Forbid(Errors.ConsentRequired, "This client's consent type is not supported.");
        }
    }

    /// <summary>The same authorization request as a local URL, without <c>prompt=login</c> (it has just been honoured).</summary>
    private static string ReturnUrl(HttpContext context, OpenIddictRequest request)
    {
        var parameters = request.GetParameters()
            .Where(p => p.Key != Parameters.Prompt && p.Key != ConsentPage.DecisionField && !p.Key.StartsWith("__", StringComparison.Ordinal))
            .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value));
        var prompts = request.GetPromptValues().Remove(PromptValues.Login);
        if (!prompts.IsEmpty)
        {
            parameters = parameters.Append(new(Parameters.Prompt, string.Join(' ', prompts)));
        }

        return context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
    }

    /// <summary>OIDC <c>max_age</c>: a session older than asked for must sign in again.</summary>
    private static bool IsTooOld(AuthenticateResult session, OpenIddictRequest request) =>
        request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } issued
        && DateTimeOffset.UtcNow - issued > TimeSpan.FromSeconds(maxAge);

    private static async Task<object?> FirstAsync(IAsyncEnumerable<object> items)
    {
        await foreach (var item in items)
        {
            return item;
        }

        return null;
    }
}
