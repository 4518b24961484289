namespace AuthServer.Stores;

/// <summary><c>AuthServer:Performance:EntityCacheLifetime</c>.</summary>
public sealed class EntityCacheOptions
{
    public const string Section = "AuthServer:Performance";

    /// <summary>
    /// How long configuration entities read on every request (scopes, clients) are served from memory. Changes made
    /// by this process apply at once; changes made by another process within this time. Zero turns the cache off.
    /// </summary>
    public TimeSpan EntityCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);
}
