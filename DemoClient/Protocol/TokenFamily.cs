using DemoClient.Recording;

namespace DemoClient.Protocol;

/// <summary>
/// Which token family (one sign-in) a token set belongs to, for display. The AuthServer (OpenIddict) puts the family's
/// authorization id in the access token as <c>oi_au_id</c>; to a client that id is informative only, never a check.
/// </summary>
public static class TokenFamily
{
    public static string Of(string accessToken) =>
        JwtView.Decode("access token", accessToken).Claim("oi_au_id") is { Length: > 0 } id ? id : "(not shown in the access token)";
}
