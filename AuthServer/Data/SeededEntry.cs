namespace AuthServer.Data;

/// <summary>
/// Remembers which clients, scopes and users the seed file created, so that a later sync removes only those
/// when the file stops listing them and leaves everything registered by other means alone.
/// </summary>
public sealed class SeededEntry
{
    /// <summary><c>client</c>, <c>scope</c> or <c>user</c>.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }
}
