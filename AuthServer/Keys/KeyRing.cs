using AuthServer.Data;
using AuthServer.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Keys;

/// <summary>
/// The server's signing and encryption keys, generated on first start and persisted in the database with the
/// private material encrypted by ASP.NET Core Data Protection, so a restart (or a second node) uses the same keys
/// and a copy of the database alone does not leak them.
/// Rotation (RFC 7517 / OIDC Core §10.1.1): a new key is published before it signs; a retired key stays published,
/// and trusted for validation, until every token it signed (refresh tokens included) has expired.
/// </summary>
public sealed partial class KeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<KeyOptions> options,
    IOptions<AuthServerOptions> serverOptions,
    TimeProvider clock,
    AuthServerMetrics metrics,
    ILogger<KeyRing> logger)
{
    private const string Signing = "sig";
    private const string Encrypting = "enc";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("OAuthSuite.Keys.v1");
    private readonly Dictionary<string, SecurityKey> _unprotected = new(StringComparer.Ordinal);
    private volatile Snapshot? _current;
    private DateTimeOffset? _activeSince;

    /// <summary>The keys in force: the one that signs, every key a verifier may meet, and the one that encrypts codes and refresh tokens.</summary>
    public sealed record Snapshot(SigningCredentials Signing, IReadOnlyList<SecurityKey> PublishedSigningKeys, EncryptingCredentials Encryption, DateTimeOffset NextChange)
    {
        public string Fingerprint => Signing.Key.KeyId + "|" + string.Join(',', PublishedSigningKeys.Select(k => k.KeyId));
    }

    /// <summary>Keys are loaded (readiness, see <c>Health/ReadinessCheck</c>).</summary>
    public bool IsLoaded => _current is not null;

    public Snapshot Current => _current ?? throw new InvalidOperationException("The key ring is read before the startup sequence initialized it.");

    /// <summary>Raised after a reload changed which keys sign or are published.</summary>
    public event Action? Changed;

    /// <summary>Loads the keys, creating any that are missing or rotating one that is due.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        metrics.ObserveActiveKeyAge(() => _activeSince is { } since ? (clock.GetUtcNow() - since).TotalSeconds : null);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var now = clock.GetUtcNow();
        var algorithm = Algorithm();

        var keys = await LoadLiveAsync(db, now, cancellationToken);
        var active = ActiveSigningKey(keys, algorithm, now);
        if (active is null)
        {
            active = await CreateAsync(db, Signing, algorithm, activatesAt: now, cancellationToken);
            keys.Add(active);
        }
        else if (active.ActivatesAt + options.Value.RotationPeriod <= now && !keys.Any(k => k.Use == Signing && k.ActivatesAt > now))
        {
            await RotateAsync(cancellationToken);
            keys = await LoadLiveAsync(db, now, cancellationToken);
        }

        var encryption = keys.Where(k => k.Use == Encrypting).MaxBy(k => k.ActivatesAt)
            ?? await CreateAsync(db, Encrypting, KeyMaterial.A256Kw, activatesAt: now, cancellationToken);

        var published = keys.Where(k => k.Use == Signing).OrderByDescending(k => k.ActivatesAt).Select(Unprotect).ToList();
        var next = new Snapshot(
            new SigningCredentials(Unprotect(active), active.Algorithm),
            published,
            new EncryptingCredentials((SymmetricSecurityKey)Unprotect(encryption), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512),
            NextChange(keys, now));

        var previous = _current;
        _current = next;
        _activeSince = active.ActivatesAt;
        if (previous is not null && previous.Fingerprint != next.Fingerprint)
        {
            LogKeysChanged(logger, next.Signing.Key.KeyId, published.Count);
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Starts a rotation: a new signing key, published now, signing after <see cref="KeyOptions.PrePublish"/>;
    /// the current key retires at that moment. Safe to call from the CLI while servers run: they pick it up on refresh.
    /// </summary>
    public async Task<(string NewKeyId, DateTimeOffset ActivatesAt)> RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var now = clock.GetUtcNow();
        var activatesAt = now + options.Value.PrePublish;

        var key = await CreateAsync(db, Signing, Algorithm(), activatesAt, cancellationToken);
        foreach (var current in await db.SigningKeys.Where(k => k.Use == Signing && k.Id != key.Id && k.RetiredAt == null).ToListAsync(cancellationToken))
        {
            current.RetiredAt = activatesAt;
        }

        await db.SaveChangesAsync(cancellationToken);
        metrics.KeyRotated();
        LogRotationScheduled(logger, key.Id, activatesAt);
        return (key.Id, activatesAt);
    }

    /// <summary>Keys still needed: not retired, or retired so recently that tokens they signed may still be presented.</summary>
    private async Task<List<StoredKey>> LoadLiveAsync(AuthDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keep = LongestTokenLifetime();
        var keys = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. keys.Where(k => k.RetiredAt is null || k.RetiredAt.Value + keep > now)];
    }

    private static StoredKey? ActiveSigningKey(List<StoredKey> keys, string algorithm, DateTimeOffset now) => keys
        .Where(k => k.Use == Signing && k.Algorithm == algorithm && k.ActivatesAt <= now && (k.RetiredAt is null || k.RetiredAt > now))
        .MaxBy(k => k.ActivatesAt);

    // The next instant the snapshot must change: a pending key activates, or a retired key drops out.
    private DateTimeOffset NextChange(List<StoredKey> keys, DateTimeOffset now)
    {
        var keep = LongestTokenLifetime();
        var instants = keys.Where(k => k.Use == Signing)
            .SelectMany(k => new DateTimeOffset?[] { k.ActivatesAt, k.RetiredAt, k.RetiredAt + keep })
            .Where(t => t > now)
            .Select(t => t!.Value);
        return instants.DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
    }

    private TimeSpan LongestTokenLifetime()
    {
        var tokens = serverOptions.Value.Tokens;
        return new[] { tokens.AccessToken, tokens.IdentityToken, tokens.AuthorizationCode, tokens.RefreshToken }.Max() + TimeSpan.FromMinutes(5);
    }

    private string Algorithm() => options.Value.SigningAlgorithm switch
    {
        "RS256" => KeyMaterial.Rs256,
        "ES256" => KeyMaterial.Es256,
        var other => throw new OptionsValidationException(KeyOptions.Section, typeof(KeyOptions),
            [$"{KeyOptions.Section}:SigningAlgorithm must be RS256 or ES256, not '{other}'."]),
    };

    private async Task<StoredKey> CreateAsync(AuthDbContext db, string use, string algorithm, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var key = new StoredKey
        {
            Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            Use = use,
            Algorithm = algorithm,
            ProtectedMaterial = _protector.Protect(Convert.ToBase64String(KeyMaterial.Generate(algorithm))),
            CreatedAt = clock.GetUtcNow(),
            ActivatesAt = activatesAt,
        };
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        LogKeyCreated(logger, use, algorithm, key.Id);
        return key;
    }

    private SecurityKey Unprotect(StoredKey key)
    {
        lock (_unprotected)
        {
            if (_unprotected.TryGetValue(key.Id, out var cached))
            {
                return cached;
            }
        }

        SecurityKey result;
        try
        {
            result = KeyMaterial.ToSecurityKey(key.Algorithm, key.Id, Convert.FromBase64String(_protector.Unprotect(key.ProtectedMaterial)));
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            // The usual cause: the Data Protection key ring folder was lost or belongs to another deployment.
            throw new InvalidOperationException(
                $"Cannot decrypt stored key {key.Id}: the Data Protection key ring ({KeyOptions.Section}:DataProtectionPath) does not match the database.",
                exception);
        }

        lock (_unprotected)
        {
            _unprotected[key.Id] = result;
        }

        return result;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Created {Use} key {Algorithm} with kid {KeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string use, string algorithm, string keyId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Key rotation scheduled: kid {KeyId} signs from {ActivatesAt:o}")]
    private static partial void LogRotationScheduled(ILogger logger, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Keys in force changed: kid {KeyId} signs, {Published} published")]
    private static partial void LogKeysChanged(ILogger logger, string keyId, int published);
}
