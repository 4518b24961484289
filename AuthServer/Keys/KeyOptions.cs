namespace AuthServer.Keys;

/// <summary>Settings under <c>AuthServer:Keys</c>.</summary>
public sealed class KeyOptions
{
    public const string Section = "AuthServer:Keys";

    /// <summary><c>RS256</c> (RSA-2048, what every client library accepts) or <c>ES256</c> (P-256, ~10x cheaper to sign).</summary>
    public string SigningAlgorithm { get; set; } = "RS256";

    /// <summary>Data Protection key ring folder; default <c>{DataPath}/keys</c>. Keep it apart from database backups.</summary>
    public string? DataProtectionPath { get; set; }

    /// <summary>Optional PFX that encrypts the Data Protection key ring itself at rest.</summary>
    public string? DataProtectionCertificatePath { get; set; }

    public string? DataProtectionCertificatePassword { get; set; }
}
