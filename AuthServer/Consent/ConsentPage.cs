using AuthServer.Pages;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;

namespace AuthServer.Consent;

/// <summary>
/// Asks the signed-in user whether a client may act for them. The form posts every authorization parameter back
/// to the authorization endpoint, so the decision is made on the same validated request.
/// </summary>
internal static class ConsentPage
{
    public const string DecisionField = "consent_decision";
    public const string Allow = "allow";
    public const string Deny = "deny";

    // Standard OIDC scopes have no entry in the seed file, so their wording lives here.
    private static readonly Dictionary<string, string> StandardScopes = new(StringComparer.Ordinal)
    {
        [OpenIddictConstants.Scopes.OpenId] = "Sign you in",
        [OpenIddictConstants.Scopes.Profile] = "See your name and username",
        [OpenIddictConstants.Scopes.Email] = "See your email address",
        [OpenIddictConstants.Scopes.OfflineAccess] = "Stay connected when you are not using it",
    };

    public static async Task<IResult> RenderAsync(
        HttpContext context, OpenIddictRequest request, string clientName, string userName, IOpenIddictScopeManager scopes)
    {
        var items = await ScopeItemsAsync(request.GetScopes(), scopes, context.RequestAborted);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var hidden = string.Concat(request.GetParameters()
            .Where(p => p.Key != DecisionField && p.Key != tokens.FormFieldName)
            .Select(p => Html.Hidden(p.Key, (string?)p.Value)));

        // Nothing is focused on arrival: a page that opens with Allow focused can be accepted by a stray key press
        // meant for another window (keyjacking). The first Tab reaches Allow.
        return Html.Page("Allow access?", $"""
            <h1>Allow {Html.E(clientName)} to use your account?</h1>
            <p class="lead">Signed in as <strong>{Html.E(userName)}</strong></p>
            <p><strong>{Html.E(clientName)}</strong> is asking to:</p>
            <ul class="scopes">{items}</ul>
            <p class="note">Allow only if you trust {Html.E(clientName)}. Deny sends you back to it without access.</p>
            <form method="post" action="{Html.E(context.Request.PathBase + context.Request.Path)}">
            {Html.Hidden(tokens.FormFieldName, tokens.RequestToken)}
            {hidden}
            <div class="actions">
            <button type="submit" class="primary" name="{DecisionField}" value="{Allow}">Allow</button>
            <button type="submit" class="secondary" name="{DecisionField}" value="{Deny}">Deny</button>
            </div>
            </form>
            """);
    }

    /// <summary>One list item per scope: its wording for people, and its name.</summary>
    public static async Task<string> ScopeItemsAsync(IEnumerable<string> names, IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        foreach (var name in names)
        {
            var display = StandardScopes.GetValueOrDefault(name);
            if (display is null && await scopes.FindByNameAsync(name, cancellationToken) is { } scope)
            {
                display = await scopes.GetDisplayNameAsync(scope, cancellationToken);
            }

            items.Add($"""<li><span>{Html.E(display ?? name)}</span> <code>{Html.E(name)}</code></li>""");
        }

        return string.Concat(items);
    }
}
