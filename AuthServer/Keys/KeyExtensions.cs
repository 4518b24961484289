using System.Security.Cryptography.X509Certificates;
using AuthServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AuthServer.Keys;

public static class KeyExtensions
{
    public static WebApplicationBuilder AddKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section);
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
        return builder;
    }

    /// <summary>Hands the key ring's keys to OpenIddict when its options are first built (after the initializer ran).</summary>
    private sealed class UseKeyRing(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            var keys = ring.Current;
            options.SigningCredentials.Add(keys.Signing);
            options.EncryptionCredentials.Add(keys.Encryption);
        }
    }
}
