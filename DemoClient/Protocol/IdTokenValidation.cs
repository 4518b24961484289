using DemoClient.Recording;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DemoClient.Protocol;

/// <summary>Step 3c: the ID token decoded, and each rule of OIDC Core §3.1.3.7 with its verdict.</summary>
public sealed record IdTokenValidation(JwtView Token, IReadOnlyList<Check> Checks, string? Failure)
{
    public bool IsValid => Failure is null;
}

public sealed partial class OAuthFlow
{
    // Small drift between this host's clock and the AuthServer's is normal; more than a minute is not.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Validates the ID token: signature against the JWKS, iss, aud (and azp), exp, nonce. The verdict comes from
    /// <see cref="JsonWebTokenHandler"/> with every check on; the per-rule table explains it.
    /// </summary>
    public async Task<IdTokenValidation> ValidateIdTokenAsync(AuthServerMetadata metadata, string idToken, string expectedNonce)
    {
        var view = JwtView.Decode("ID token", idToken);
        var handler = new JsonWebTokenHandler();
        var keys = new JsonWebKeySet(metadata.JwksJson).GetSigningKeys();
        var full = new TokenValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudience = Options.Auth.ClientId,
            IssuerSigningKeys = keys,
            // Only what the AuthServer advertises; "none" and HMAC-with-the-public-key never pass (RFC 8725 §3.1).
            ValidAlgorithms = metadata.IdTokenSigningAlgorithms.Count > 0 ? metadata.IdTokenSigningAlgorithms : [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
        };
        var result = await handler.ValidateTokenAsync(idToken, full);

        // The signature on its own, so the table can say whether the keys or the claims were the problem.
        var signatureOnly = full.Clone();
        signatureOnly.ValidateIssuer = signatureOnly.ValidateAudience = signatureOnly.ValidateLifetime = false;
        var signature = await handler.ValidateTokenAsync(idToken, signatureOnly);

        var now = clock.GetUtcNow();
        var audiences = view.Claim("aud")?.Split(", ") ?? [];
        var expires = long.TryParse(view.Claim("exp")?.Split(' ')[0], out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
        var nonce = view.Claim("nonce");
        var azp = view.Claim("azp");
        List<Check> checks =
        [
            new("Signature verifies with a key from the JWKS",
                $"{string.Join("/", full.ValidAlgorithms)} with a published key",
                $"{view.Header.FirstOrDefault(h => h.Name == "alg")?.Value ?? "(no alg)"}, kid {view.Header.FirstOrDefault(h => h.Name == "kid")?.Value ?? "(none)"}"
                    + (signature.IsValid ? string.Empty : $": {signature.Exception?.Message}"),
                signature.IsValid),
            new("iss is the issuer from discovery", metadata.Issuer, view.Claim("iss") ?? "(absent)", string.Equals(view.Claim("iss"), metadata.Issuer, StringComparison.Ordinal)),
            new("aud contains this client id", Options.Auth.ClientId, audiences.Length == 0 ? "(absent)" : string.Join(", ", audiences), audiences.Contains(Options.Auth.ClientId, StringComparer.Ordinal)),
            new("exp is in the future", $"after {now:u} (±{ClockSkew.TotalSeconds:0} s)", expires?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "(absent)", expires > now - ClockSkew),
            new("nonce equals the one sent", Redaction.Shorten(expectedNonce), nonce is null ? "(absent)" : Redaction.Shorten(nonce), FixedTimeEquals(nonce, expectedNonce)),
        ];

        // With several audiences, azp must name this client (OIDC Core §3.1.3.7 items 4 and 5).
        if (azp is not null || audiences.Length > 1)
        {
            checks.Add(new("azp is this client", Options.Auth.ClientId, azp ?? "(absent)", string.Equals(azp, Options.Auth.ClientId, StringComparison.Ordinal)));
        }

        var failed = checks.FirstOrDefault(c => !c.Passed);
        var failure = failed is not null ? $"The ID token fails \"{failed.Rule}\": expected {failed.Expected}, got {failed.Actual}."
            : !result.IsValid ? $"The ID token was rejected: {result.Exception?.Message}"
            : null;
        return new IdTokenValidation(view, checks, failure);
    }
}
