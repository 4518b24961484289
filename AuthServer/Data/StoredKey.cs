namespace AuthServer.Data;

/// <summary>A signing or encryption key as persisted: the private material is Data Protection-encrypted.</summary>
public sealed class StoredKey
{
    /// <summary>The key id, published as <c>kid</c>.</summary>
    public required string Id { get; set; }

    /// <summary><c>sig</c> or <c>enc</c>.</summary>
    public required string Use { get; set; }

    /// <summary>JOSE algorithm family: <c>RS256</c>, <c>ES256</c> or <c>A256KW</c>.</summary>
    public required string Algorithm { get; set; }

    public required string ProtectedMaterial { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>From this instant the key signs; before it, it is only published (so caches learn it first).</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>When set, the key no longer signs; it stays published until the tokens it signed have expired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
