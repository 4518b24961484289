using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// JWTs built by hand, to show what the ResourceApi refuses (RFC 9068, RFC 8725): tokens signed by an unknown key,
/// <c>alg: none</c>, HMAC keyed with the public key, and tokens signed by the AuthServer's real key that are
/// expired, for another audience or issuer, or not access tokens.
/// </summary>
public static class HandMadeJwt
{
    /// <summary>An RFC 9068 access token payload as the AuthServer would issue it for a client acting for itself.</summary>
    public static JsonObject AccessTokenClaims(Uri issuer, string scope = "api.read", string audience = "resource-api",
        string? clientId = null, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null)
    {
        var iat = issuedAt ?? DateTimeOffset.UtcNow;
        clientId ??= Seed.Service.Id;
        return new JsonObject
        {
            ["iss"] = issuer.AbsoluteUri,
            ["aud"] = audience,
            ["sub"] = clientId,
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["nbf"] = iat.ToUnixTimeSeconds(),
            ["exp"] = (iat + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    public static JsonObject Header(string alg, string? kid, string typ = "at+jwt")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = typ };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    /// <summary>Signs with <paramref name="key"/> (RSA, ECDSA or symmetric) using the header's <c>alg</c>.</summary>
    public static string Sign(JsonObject header, JsonObject payload, SecurityKey key)
    {
        var input = SigningInput(header, payload);
        var provider = key.CryptoProviderFactory.CreateForSigning(key, (string)header["alg"]!);
        try
        {
            return input + "." + Base64Url.EncodeToString(provider.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary>RFC 7519 §6 unsecured JWT: <c>alg: none</c> and an empty signature.</summary>
    public static string Unsecured(JsonObject payload, string? kid) => SigningInput(Header("none", kid), payload) + ".";

    /// <summary>The classic algorithm-confusion attack: HS256 with the RSA public key's bytes as the HMAC secret.</summary>
    public static string HmacWithPublicKey(JsonObject payload, string kid, byte[] publicKeyBytes) =>
        Sign(Header("HS256", kid), payload, new SymmetricSecurityKey(publicKeyBytes) { KeyId = kid });

    /// <summary>The token with its payload replaced and its original signature kept.</summary>
    public static string WithEditedPayload(string token, Action<JsonObject> edit)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Jwt.Payload(token).GetRawText())!.AsObject();
        edit(payload);
        return parts[0] + "." + Encode(payload) + "." + parts[2];
    }

    /// <summary>A fresh RSA-2048 key the AuthServer has never published.</summary>
    public static RsaSecurityKey NewRsaKey() => new(RSA.Create(2048)) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };

    private static string SigningInput(JsonObject header, JsonObject payload) => Encode(header) + "." + Encode(payload);

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
