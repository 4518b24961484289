namespace AuthServer.Performance;

/// <summary>Settings under <c>AuthServer:Performance</c>.</summary>
public sealed class PerformanceOptions
{
    public const string Section = "AuthServer:Performance";

    /// <summary>Commit new token rows in groups from one writer (SQLite only; other databases take concurrent writers).</summary>
    public bool BatchTokenWrites { get; set; } = true;

    /// <summary>The most rows one commit takes.</summary>
    public int MaxTokenBatch { get; set; } = 256;

    /// <summary>
    /// How long configuration entities read on every request (scopes, clients) are served from memory. Changes made
    /// by this process apply at once; changes made by another process within this time. Zero turns the cache off.
    /// </summary>
    public TimeSpan EntityCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);
}
