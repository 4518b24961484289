using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace AuthServer.Clients;

/// <summary>
/// Remembers, for a few minutes, that a client secret matched its stored PBKDF2 hash. The key is an HMAC (with a
/// per-process random key) of the stored hash and the presented secret, so: no secret is kept in memory, a changed
/// secret (new stored hash) misses the cache at once, and only successful checks are remembered — a wrong secret
/// always pays the full hashing cost, exactly like an unknown client.
/// </summary>
public sealed class VerifiedSecretCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public bool Contains(string secret, string comparand) => _verified.TryGetValue(Key(secret, comparand), out _);

    public void Add(string secret, string comparand) =>
        _verified.Set(Key(secret, comparand), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    private string Key(string secret, string comparand)
    {
        var input = Encoding.UTF8.GetBytes(comparand + "\0" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, input));
    }

    public void Dispose() => _verified.Dispose();
}
