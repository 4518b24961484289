using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Keys;

/// <summary>
/// OpenIddict publishes only the keys that sign. JWKS must also list the next key (so verifiers know it before it
/// signs) and retired keys (until the tokens they signed expire). Only public parameters are written.
/// </summary>
internal sealed class PublishAllSigningKeys(KeyRing ring) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
        .UseSingletonHandler<PublishAllSigningKeys>()
        .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order + 1_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
    {
        foreach (var key in ring.Current.PublishedSigningKeys)
        {
            if (!context.Keys.Exists(k => k.Kid == key.KeyId) && ToPublicJwk(key) is { } jwk)
            {
                context.Keys.Add(jwk);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static JsonWebKey? ToPublicJwk(SecurityKey key)
    {
        switch (key)
        {
            case RsaSecurityKey rsa:
                var rsaParameters = rsa.Rsa.ExportParameters(includePrivateParameters: false);
                return new JsonWebKey
                {
                    Kty = JsonWebAlgorithmsKeyTypes.RSA,
                    Use = JsonWebKeyUseNames.Sig,
                    Alg = SecurityAlgorithms.RsaSha256,
                    Kid = key.KeyId,
                    N = Base64UrlEncoder.Encode(rsaParameters.Modulus),
                    E = Base64UrlEncoder.Encode(rsaParameters.Exponent),
                };

            case ECDsaSecurityKey ecdsa:
                var ecParameters = ecdsa.ECDsa.ExportParameters(includePrivateParameters: false);
                return new JsonWebKey
                {
                    Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
                    Use = JsonWebKeyUseNames.Sig,
                    Alg = SecurityAlgorithms.EcdsaSha256,
                    Kid = key.KeyId,
                    Crv = JsonWebKeyECTypes.P256,
                    X = Base64UrlEncoder.Encode(ecParameters.Q.X),
                    Y = Base64UrlEncoder.Encode(ecParameters.Q.Y),
                };

            default:
                return null;
        }
    }
}
