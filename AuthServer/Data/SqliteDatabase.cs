using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthServer.Data;

/// <summary>
/// Where the SQLite database lives and how to open it: <c>ConnectionStrings:AuthServer</c> if set, otherwise
/// <c>{DataPath}/authserver.db</c>. Read once; start-up error messages name the same file the server opens.
/// </summary>
public sealed class SqliteDatabase
{
    public SqliteDatabase(IOptions<DatabaseOptions> database, IOptions<AuthServerOptions> server, IHostEnvironment environment)
    {
        SqliteConnectionStringBuilder csb;
        var configured = database.Value.AuthServer;
        try
        {
            csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
                ? $"Data Source={Path.Combine(server.Value.DataFolder(environment), "authserver.db")}"
                : configured);
        }
        catch (ArgumentException exception)
        {
            // e.g. "Host=db;Username=..." (a PostgreSQL string): the SQLite builder rejects the first unknown keyword.
            throw new StartupException(
                $"ConnectionStrings:AuthServer is not a SQLite connection string ({exception.Message}). This build stores "
                + "its data in SQLite only: set it to \"Data Source=/path/to/authserver.db\", or remove it to use "
                + "{AuthServer:DataPath}/authserver.db.",
                exception);
        }

        if (csb.DataSource is { Length: > 0 } file && csb.Mode != SqliteOpenMode.Memory && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(file, environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }

        FilePath = csb.DataSource;

        // Writers wait for each other instead of failing with "database is locked".
        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        ConnectionString = csb.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The database file (absolute), or the data source as given for in-memory and URI databases.</summary>
    public string FilePath { get; }
}
