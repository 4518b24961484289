using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// A self-signed TLS certificate for 127.0.0.1 that lives for one test run, and an HTTP handler that trusts exactly
/// it: the chain must end at this certificate and the host name must match. Nothing else is accepted, and machine
/// trust is neither used nor changed.
/// </summary>
internal static class ThrowawayCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Kestrel on Linux needs the key in a form it can hand to OpenSSL; a PKCS#12 round trip gives that.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    public static HttpClientHandler TrustingOnly(X509Certificate2 trusted) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            // A name mismatch or a missing certificate fails whatever the chain says.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };
}
