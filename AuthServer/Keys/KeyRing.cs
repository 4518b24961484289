using AuthServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Keys;

/// <summary>
/// The server's signing and encryption keys, generated on first start and persisted in the database with the
/// private material encrypted by ASP.NET Core Data Protection, so a restart (or a second node) uses the same keys
/// and a copy of the database alone does not leak them.
/// </summary>
public sealed partial class KeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<KeyOptions> options,
    TimeProvider clock,
    ILogger<KeyRing> logger)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("OAuthSuite.Keys.v1");
    private volatile Snapshot? _current;

    /// <summary>The keys as last loaded: the one that signs, and the one that encrypts codes and refresh tokens.</summary>
    public sealed record Snapshot(SigningCredentials Signing, IReadOnlyList<SecurityKey> PublishedSigningKeys, EncryptingCredentials Encryption);

    public Snapshot Current => _current ?? throw new InvalidOperationException("The key ring is read before the database initializer ran.");

    /// <summary>Loads the keys, creating any that are missing.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var algorithm = options.Value.SigningAlgorithm switch
        {
            "RS256" => KeyMaterial.Rs256,
            "ES256" => KeyMaterial.Es256,
            var other => throw new OptionsValidationException(KeyOptions.Section, typeof(KeyOptions),
                [$"{KeyOptions.Section}:SigningAlgorithm must be RS256 or ES256, not '{other}'."]),
        };

        var now = clock.GetUtcNow();
        var stored = await db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null).ToListAsync(cancellationToken);
        var signing = stored.Where(k => k.Use == "sig" && k.Algorithm == algorithm && k.ActivatesAt <= now)
            .OrderByDescending(k => k.ActivatesAt).FirstOrDefault()
            ?? await CreateAsync(db, "sig", algorithm, now, cancellationToken);
        var encryption = stored.Where(k => k.Use == "enc").OrderByDescending(k => k.ActivatesAt).FirstOrDefault()
            ?? await CreateAsync(db, "enc", KeyMaterial.A256Kw, now, cancellationToken);

        var signingKey = Unprotect(signing);
        _current = new Snapshot(
            new SigningCredentials(signingKey, signing.Algorithm),
            [signingKey],
            new EncryptingCredentials((SymmetricSecurityKey)Unprotect(encryption), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private async Task<StoredKey> CreateAsync(AuthDbContext db, string use, string algorithm, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = new StoredKey
        {
            Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            Use = use,
            Algorithm = algorithm,
            ProtectedMaterial = _protector.Protect(Convert.ToBase64String(KeyMaterial.Generate(algorithm))),
            CreatedAt = now,
            ActivatesAt = now,
        };
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        LogKeyCreated(logger, use, algorithm, key.Id);
        return key;
    }

    private SecurityKey Unprotect(StoredKey key)
    {
        try
        {
            return KeyMaterial.ToSecurityKey(key.Algorithm, key.Id, Convert.FromBase64String(_protector.Unprotect(key.ProtectedMaterial)));
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            // The usual cause: the Data Protection key ring folder was lost or belongs to another deployment.
            throw new InvalidOperationException(
                $"Cannot decrypt stored key {key.Id}: the Data Protection key ring ({KeyOptions.Section}:DataProtectionPath) does not match the database.",
                exception);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Created {Use} key {Algorithm} with kid {KeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string use, string algorithm, string keyId);
}
