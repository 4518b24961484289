using System.Security.Cryptography;
using System.Text;
using AuthServer.Hardening;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.Authentication;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.OAuth;

/// <summary>
/// <c>response_mode=form_post</c> (OAuth 2.0 Form Post Response Mode; the default of ASP.NET Core's OpenID Connect
/// handler) answers with OpenIddict's page that posts itself to the client with one inline script. Under this
/// server's <c>default-src 'none'</c> a browser refuses that script and the user is left on a blank page, so that
/// response alone allows exactly that script, by its hash; everything else in the policy stays as it is.
/// </summary>
internal static class FormPostScript
{
    /// <summary>The script OpenIddict.Server.AspNetCore 7.8 writes into its form_post page (a test pins it).</summary>
    public const string Script = "document.form.submit();";

    public static readonly string Sha256 = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));

    public static OpenIddictServerBuilder AllowFormPostScript(this OpenIddictServerBuilder server) => server.AddEventHandler(
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseInlineHandler(static context =>
            {
                // The same conditions under which ProcessFormPostResponse, next, writes the page.
                if (!string.IsNullOrEmpty(context.RedirectUri)
                    && string.Equals(context.ResponseMode, ResponseModes.FormPost, StringComparison.Ordinal)
                    && context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
                {
                    response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicyAllowingScript(Sha256);
                }

                return ValueTask.CompletedTask;
            })
            .SetOrder(ProcessFormPostResponse.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());
}
