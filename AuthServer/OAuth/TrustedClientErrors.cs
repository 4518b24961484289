using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace AuthServer.OAuth;

/// <summary>
/// RFC 6749 §4.1.2.1: once <c>client_id</c> and <c>redirect_uri</c> are validated, an authorization error goes back
/// to the client's redirect URI (with <c>state</c>, and <c>iss</c> per RFC 9207), so the application learns why;
/// only a request whose client or redirect URI cannot be trusted stops on the error page. OpenIddict validates the
/// request's syntax (response type, PKCE, scopes) before it trusts the redirect URI, and sends every error raised
/// during validation to its error page. So trust is established first, on its own, right after the redirect URI's
/// syntax check, and remembered; an error raised later in validation is then sent to that URI.
/// </summary>
internal static class TrustedClientErrors
{
    private const string TrustedRedirect = "oauthsuite:trusted_error_redirect";

    public static OpenIddictServerBuilder ReturnErrorsToTrustedClients(this OpenIddictServerBuilder server) => server
        .AddEventHandler(NoteTrustedRedirect.Descriptor)
        .AddEventHandler(SendErrorToTrustedRedirect);

    /// <summary>Where a trusted client's error goes, and how.</summary>
    private sealed record Redirect(string Uri, string ResponseMode);

    /// <summary>
    /// Trusted means: the client exists and may use this endpoint, and <c>redirect_uri</c> was sent and is one it
    /// registered (the same exact match OpenIddict applies, RFC 9700 §4.1.3; no default URI is filled in for an
    /// error). The response mode must suit a code-flow client: query (the default) or form_post. An unknown mode,
    /// or fragment, leaves the request untrusted: the error page rather than an answer the client may not read.
    /// </summary>
    private sealed class NoteTrustedRedirect(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseScopedHandler<NoteTrustedRedirect>()
                .SetOrder(ValidateRedirectUriParameter.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var redirectUri = context.Request.RedirectUri;
            if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(redirectUri)
                || ResponseMode(context.Request, context.Options) is not { } responseMode)
            {
                return;
            }

            var ct = context.CancellationToken;
            if (await applications.FindByClientIdAsync(context.ClientId, ct) is { } application
                && await applications.HasPermissionAsync(application, Permissions.Endpoints.Authorization, ct)
                && await applications.ValidateRedirectUriAsync(application, redirectUri, ct))
            {
                context.Transaction.SetProperty(TrustedRedirect, new Redirect(redirectUri, responseMode));
            }
        }

        private static string? ResponseMode(OpenIddictRequest request, OpenIddictServerOptions options) => request.ResponseMode switch
        {
            null or "" => ResponseModes.Query,
            ResponseModes.Query or ResponseModes.FormPost when options.ResponseModes.Contains(request.ResponseMode) => request.ResponseMode,
            _ => null,
        };
    }

    /// <summary>
    /// Runs after OpenIddict has decided where the response goes: an error it would keep on the server (no redirect
    /// URI) is redirected when, and only when, the client and redirect URI were trusted first. OpenIddict then adds
    /// <c>state</c> and <c>iss</c> as it does for any redirected response.
    /// </summary>
    private static OpenIddictServerHandlerDescriptor SendErrorToTrustedRedirect { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseInlineHandler(static context =>
            {
                if (string.IsNullOrEmpty(context.RedirectUri) && !string.IsNullOrEmpty(context.Response.Error)
                    && context.Request is not null
                    && context.Transaction.GetProperty<Redirect>(TrustedRedirect) is { } trusted)
                {
                    context.RedirectUri = trusted.Uri;
                    context.ResponseMode = trusted.ResponseMode;
                }

                return ValueTask.CompletedTask;
            })
            .SetOrder(InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
}
