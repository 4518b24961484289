using System.ComponentModel.DataAnnotations;

namespace AuthServer.Keys;

/// <summary>Settings under <c>AuthServer:Keys</c>.</summary>
public sealed class KeyOptions
{
    public const string Section = "AuthServer:Keys";

    /// <summary><c>RS256</c> (RSA-2048, what every client library accepts) or <c>ES256</c> (P-256, ~10x cheaper to sign).</summary>
    public string SigningAlgorithm { get; set; } = "RS256";

    /// <summary>A signing key older than this is replaced automatically (through the same pre-publish step as a manual rotation).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a new key is published in JWKS before it signs, so every API and node has seen it first.
    /// APIs also refetch JWKS on an unknown kid, so minutes are enough.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan PrePublish { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each node re-reads the key table (picks up rotations made by another node or the CLI).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Data Protection key ring folder; default <c>{DataPath}/keys</c>. Keep it apart from database backups.</summary>
    public string? DataProtectionPath { get; set; }

    /// <summary>Optional PFX that encrypts the Data Protection key ring itself at rest.</summary>
    public string? DataProtectionCertificatePath { get; set; }

    public string? DataProtectionCertificatePassword { get; set; }

    /// <summary>The absolute Data Protection folder: <see cref="DataProtectionPath"/>, or <c>{DataPath}/keys</c>.</summary>
    public string DataProtectionFolder(AuthServerOptions server, IHostEnvironment environment) =>
        Path.GetFullPath(DataProtectionPath ?? Path.Combine(server.DataFolder(environment), "keys"), environment.ContentRootPath);
}
