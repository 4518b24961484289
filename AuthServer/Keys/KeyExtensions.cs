using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthServer.Keys;

public static class KeyExtensions
{
    /// <summary>
    /// The Data Protection key ring (which encrypts the signing keys at rest) and the persisted, rotating
    /// <see cref="KeyRing"/>. The startup sequence initializes the ring; <see cref="UseKeyRing"/> hands it to OpenIddict.
    /// </summary>
    public static WebApplicationBuilder AddKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("OAuthSuite.AuthServer");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<KeyOptions>, IOptions<AuthServerOptions>, IHostEnvironment, ILoggerFactory>((keyManagement, keys, server, environment, loggers) =>
                keyManagement.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(keys.Value.DataProtectionFolder(server.Value, environment)), loggers));

        // The one setting read while services are registered: Data Protection takes its certificate as an object
        // (and registers it for decryption through an internal option), so it cannot wait for IOptions<KeyOptions>.
        if (builder.Configuration.GetSection(KeyOptions.Section).Get<KeyOptions>() is { DataProtectionCertificatePath: { Length: > 0 } certificate } keys)
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, keys.DataProtectionCertificatePassword));
        }

        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddHostedService<KeyRingRefresher>();
        return builder;
    }

    /// <summary>
    /// Signs and encrypts with the key ring, and trusts every published key. Called by <c>AddOAuthServer</c> right
    /// after it configures the server, so these run after OpenIddict's own option setup.
    /// </summary>
    public static OpenIddictBuilder UseKeyRing(this OpenIddictBuilder openIddict)
    {
        openIddict.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, SignWithKeyRing>();
        openIddict.Services.AddSingleton<IPostConfigureOptions<OpenIddictServerOptions>, TrustPublishedKeys>();
        openIddict.AddServer(server => server.AddEventHandler(PublishAllSigningKeys.Descriptor));
        return openIddict;
    }

    /// <summary>Hands the key ring's keys to OpenIddict whenever its options are built (after the startup sequence ran).</summary>
    private sealed class SignWithKeyRing(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var keys = ring.Current;
            options.SigningCredentials.Add(keys.Signing);
            options.EncryptionCredentials.Add(keys.Encryption);
        }
    }

    /// <summary>
    /// OpenIddict validates its own tokens (codes, refresh tokens, introspected access tokens) with the signing
    /// credentials only; pending and retired keys must be trusted too, or a rotation would void every refresh token.
    /// </summary>
    private sealed class TrustPublishedKeys(KeyRing ring) : IPostConfigureOptions<OpenIddictServerOptions>
    {
        public void PostConfigure(string? name, OpenIddictServerOptions options)
        {
            var signing = ring.Current.Signing.Key;
            options.TokenValidationParameters.IssuerSigningKeys = [signing, .. ring.Current.PublishedSigningKeys.Where(k => k.KeyId != signing.KeyId)];
        }
    }
}
