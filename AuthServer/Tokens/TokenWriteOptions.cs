namespace AuthServer.Tokens;

/// <summary><c>AuthServer:Performance:BatchTokenWrites</c> and <c>MaxTokenBatch</c>.</summary>
public sealed class TokenWriteOptions
{
    public const string Section = "AuthServer:Performance";

    /// <summary>Commit new token rows in groups from one writer (SQLite only; other databases take concurrent writers).</summary>
    public bool BatchTokenWrites { get; set; } = true;

    /// <summary>The most rows one commit takes.</summary>
    public int MaxTokenBatch { get; set; } = 256;
}
