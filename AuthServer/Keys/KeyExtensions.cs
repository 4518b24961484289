using System.Security.Cryptography.X509Certificates;
using AuthServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthServer.Keys;

public static class KeyExtensions
{
    /// <summary>Persisted, rotating keys for OpenIddict. Call after <c>AddOAuthServer</c>: it adjusts OpenIddict's finished options.</summary>
    public static WebApplicationBuilder AddKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var keyOptions = builder.Configuration.GetSection(KeyOptions.Section).Get<KeyOptions>() ?? new KeyOptions();
        var folder = Path.GetFullPath(keyOptions.DataProtectionPath ?? Path.Combine(DataExtensions.DataFolder(builder), "keys"),
            builder.Environment.ContentRootPath);

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("OAuthSuite.AuthServer")
            .PersistKeysToFileSystem(new DirectoryInfo(folder));
        if (!string.IsNullOrEmpty(keyOptions.DataProtectionCertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                keyOptions.DataProtectionCertificatePath, keyOptions.DataProtectionCertificatePassword));
        }

        builder.Services.AddSingleton<KeyRing>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, UseKeyRing>();
        builder.Services.AddSingleton<IPostConfigureOptions<OpenIddictServerOptions>, TrustPublishedKeys>();
        builder.Services.AddHostedService<KeyRingRefresher>();
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler(PublishAllSigningKeys.Descriptor));
        return builder;
    }

    /// <summary>Hands the key ring's keys to OpenIddict whenever its options are built (after the initializer ran).</summary>
    private sealed class UseKeyRing(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
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
