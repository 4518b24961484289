using Duende.IdentityModel.Client;

namespace DemoClient.Protocol;

public sealed partial class OAuthFlow
{
    /// <summary>
    /// RP-initiated logout (OIDC RP-Initiated Logout §2): the browser goes to the AuthServer with the ID token as
    /// proof of which session to end, and comes back to a registered post-logout URI. Null without an endpoint.
    /// </summary>
    public Uri? EndSessionUrl(AuthServerMetadata metadata, string? idToken) =>
        metadata.EndSessionEndpoint is not { } endpoint ? null : new Uri(new RequestUrl(endpoint.AbsoluteUri).CreateEndSessionUrl(
            idTokenHint: idToken,
            postLogoutRedirectUri: Options.Site.PostLogoutRedirectUri.AbsoluteUri));
}
