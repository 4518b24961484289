namespace AuthServer.Data;

/// <summary><c>ConnectionStrings:AuthServer</c>: overrides the database location; without it the database is <c>{DataPath}/authserver.db</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ConnectionStrings";

    public string? AuthServer { get; set; }
}
