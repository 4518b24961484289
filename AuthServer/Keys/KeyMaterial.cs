using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Keys;

/// <summary>Creates key material and turns stored material back into <see cref="SecurityKey"/>s.</summary>
internal static class KeyMaterial
{
    public const string Rs256 = SecurityAlgorithms.RsaSha256;
    public const string Es256 = SecurityAlgorithms.EcdsaSha256;
    public const string A256Kw = SecurityAlgorithms.Aes256KW;

    /// <summary>PKCS#8 bytes for a new key. RSA-2048, not OpenIddict's ephemeral RSA-4096: a quarter of the signing cost.</summary>
    public static byte[] Generate(string algorithm)
    {
        switch (algorithm)
        {
            case Rs256:
                using (var rsa = RSA.Create(2048))
                {
                    return rsa.ExportPkcs8PrivateKey();
                }

            case Es256:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return ecdsa.ExportPkcs8PrivateKey();
                }

            case A256Kw:
                return RandomNumberGenerator.GetBytes(32);

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Supported: RS256, ES256, A256KW.");
        }
    }

    public static SecurityKey ToSecurityKey(string algorithm, string keyId, byte[] material)
    {
        switch (algorithm)
        {
            case Rs256:
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(material, out _);
                return new RsaSecurityKey(rsa) { KeyId = keyId };

            case Es256:
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(material, out _);
                return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };

            case A256Kw:
                return new SymmetricSecurityKey(material) { KeyId = keyId };

            default:
                throw new InvalidOperationException($"Stored key {keyId} has unsupported algorithm {algorithm}.");
        }
    }
}
