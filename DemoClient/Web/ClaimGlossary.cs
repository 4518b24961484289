namespace DemoClient.Web;

/// <summary>What each JWT header member and claim the AuthServer issues means, for the decoded-token tables.</summary>
internal static class ClaimGlossary
{
    private static readonly Dictionary<string, string> Header = new(StringComparer.Ordinal)
    {
        ["alg"] = "Signature algorithm. RS256 is RSA with SHA-256; a verifier accepts only the algorithms it expects, never 'none' (RFC 8725 §3.1).",
        ["kid"] = "Key id: which key in the AuthServer's JWKS made the signature, so keys can rotate.",
        ["typ"] = "Token type: 'JWT' for an ID token, 'at+jwt' for an access token (RFC 9068 §2.1), so one cannot be passed off as the other.",
        ["cty"] = "Content type of the payload.",
    };

    private static readonly Dictionary<string, string> Claims = new(StringComparer.Ordinal)
    {
        ["iss"] = "Issuer: the AuthServer that made and signed the token. Must equal the issuer from discovery.",
        ["sub"] = "Subject: the user's permanent id at this issuer. Use it (with iss) as the key for the user, not the username.",
        ["aud"] = "Audience: who the token is for. Anyone else must refuse it.",
        ["exp"] = "Expiry: refuse the token after this time.",
        ["iat"] = "Issued at.",
        ["nbf"] = "Not before: refuse the token before this time.",
        ["auth_time"] = "When the user last typed their password.",
        ["jti"] = "Token id: unique per token, so a server can spot a replay.",
        ["nonce"] = "Echo of the nonce this client sent in step 2: proves the ID token was made for this sign-in (OIDC Core §3.1.2.1).",
        ["azp"] = "Authorized party: the client the ID token was issued to.",
        ["at_hash"] = "Left half of the access token's SHA-256: binds the access token to this ID token (OIDC Core §3.1.3.8).",
        ["c_hash"] = "Left half of the code's hash: binds the code to this ID token.",
        ["sid"] = "The user's session at the AuthServer, used by logout.",
        ["scope"] = "What the token allows, space-separated (RFC 9068 §2.2.3). The API checks it on every call.",
        ["client_id"] = "The client the token was issued to (RFC 9068 §2.2).",
        ["preferred_username"] = "The username, for display only: it may change, so never key on it (scope profile).",
        ["name"] = "Full name (scope profile).",
        ["email"] = "Email address (scope email).",
        ["email_verified"] = "Whether the AuthServer has checked that the user owns the address (scope email).",
        ["oi_au_id"] = "OpenIddict: the authorization this token belongs to: its token family, one sign-in. Replaying a spent refresh token, or revoking the refresh token, revokes the family.",
        ["oi_tkn_id"] = "OpenIddict: this token's database entry, which revocation and introspection look up.",
        ["oi_prst"] = "OpenIddict: the presenters, the clients allowed to present this token.",
    };

    public static string? ForHeader(string name) => Header.GetValueOrDefault(name);

    public static string? ForClaim(string name) => Claims.GetValueOrDefault(name);
}
